"""One helper for every checker test: run a checker on an answer and read what it printed.

    from checking import fails_with, passes, printed

    def test_coin_mle(capsys):
        passes(capsys, check.coin_mle, lambda k, n: k / n)
        fails_with(capsys, check.coin_mle, lambda k, n: k / (n - k), "odds")
"""


def printed(capsys, checker, answer):
    """What checker(answer) printed: exactly one line (the learner's own prints aside), and the
    checker returned nothing, so a notebook cell shows no Out[ ]."""
    capsys.readouterr()                    # drop what earlier code printed
    assert checker(answer) is None, "a checker reports by printing, it returns nothing"
    out = capsys.readouterr().out
    assert out.endswith("\n") and out.splitlines()[-1][:1] in "✓✗", out
    return out.splitlines()[-1]


def passes(capsys, checker, answer):
    """Assert the checker accepts answer; return its line."""
    line = printed(capsys, checker, answer)
    assert line.startswith("✓"), line
    return line


def fails_with(capsys, checker, answer, *words):
    """Assert the checker rejects answer with a hint that contains every one of words; return
    the line."""
    line = printed(capsys, checker, answer)
    assert line.startswith("✗"), line
    for word in words:
        assert word in line, f"the hint should mention {word!r}: {line}"
    return line
