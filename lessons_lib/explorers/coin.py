"""Lesson 01: the likelihood of a coin's heads-probability θ after k heads in n flips."""

import numpy as np

from .. import _validate, plots
from .base import Explorer, float_slider, int_slider

COIN_THETAS = np.linspace(0.0, 1.0, 401)[1:-1]   # open (0, 1): the log-likelihood stays finite
MAX_FLIPS = 10_000
"""The largest ``max_flips``: beyond it one slider step is too small to drag to."""


def coin_compute(k, n, theta):
    """Likelihood and log-likelihood of θ after k heads in n flips. A k above n is shown as
    k = n (the title says so): moving the n slider below k asks for 12 heads in 10 flips."""
    from ..functions import coin_log_likelihood

    n = _validate.count(n, "n", minimum=1)
    requested_k = _validate.count(k, "k")
    k = min(requested_k, n)
    theta = _validate.finite_float(theta, "theta")
    log_curve = coin_log_likelihood(COIN_THETAS, k, n)
    mle = k / n
    return {"k": k, "n": n, "requested_k": requested_k, "clamped": requested_k > n,
            "thetas": COIN_THETAS, "log_likelihood": log_curve, "likelihood": np.exp(log_curve),
            "mle": mle, "log_likelihood_at_mle": float(coin_log_likelihood(mle, k, n)),
            "theta": theta, "log_likelihood_at_theta": float(coin_log_likelihood(theta, k, n))}


def coin_view(figure):
    ax_lik, ax_log = figure.subplots(1, 2)
    moving = {}
    for ax, key in ((ax_lik, "likelihood"), (ax_log, "log_likelihood")):
        (moving[key],) = ax.plot([], [], color=plots.BLUE)
        moving[key + "_peak"] = ax.axvline(0.5, color=plots.GREEN, ls="--", lw=1.5,
                                           label=r"peak $\hat\theta = k/n$")
        (moving[key + "_here"],) = ax.plot([], [], "o", color=plots.VERMILION, ms=9,
                                           label=r"slider $\theta$", zorder=3)
        ax.set_xlim(0, 1)
        ax.set_xlabel(r"$\theta$ (probability of heads)")
    ax_lik.set_ylabel(r"likelihood $L(\theta) = \theta^k(1-\theta)^{n-k}$")
    ax_log.set_ylabel(r"log-likelihood $\log L(\theta)$")
    # framed, and redrawn with the curves it covers
    legend = ax_lik.legend(loc="best", fontsize=10, frameon=True, framealpha=0.9,
                           edgecolor="none")

    def update(result):
        peak_log = result["log_likelihood_at_mle"]
        here_log = result["log_likelihood_at_theta"]
        for key, values, here in (("likelihood", result["likelihood"], np.exp(here_log)),
                                  ("log_likelihood", result["log_likelihood"], here_log)):
            moving[key].set_data(result["thetas"], values)
            moving[key + "_peak"].set_xdata([result["mle"]] * 2)
            shown = ([result["theta"]], [here]) if np.isfinite(here) else ([], [])
            moving[key + "_here"].set_data(*shown)
        ax_lik.set_ylim(0, 1.12 * np.exp(peak_log))
        # a fixed depth below the peak, so a narrower curve (more flips) shows as narrower
        ax_log.set_ylim(peak_log - 25, peak_log + 2.5)
        k, n = result["k"], result["n"]
        head = (f"k = {result['requested_k']} > n = {n} is impossible: using k = {n}"
                if result["clamped"] else f"k = {k} heads in n = {n} flips")
        ax_lik.set_title(head + "\n" + rf"peak at $\hat\theta$ = k/n = {result['mle']:.2f}",
                         fontsize=11)
        ax_log.set_title(f"at θ = {result['theta']:.2f}:\nL(θ) = {np.exp(here_log):.3g}, "
                         f"log L(θ) = {here_log:.2f}", fontsize=11)
        return [*moving.values(), legend, ax_lik.title, ax_log.title]
    return update


def coin_explorer(k=7, n=10, theta=0.5, max_flips=100):
    """Lesson 01: heads k (0 .. max_flips), flips n (1 .. max_flips) and a probe θ
    (0.01 .. 0.99) on the coin's likelihood and log-likelihood curves."""
    max_flips = _validate.count(max_flips, "max_flips", minimum=1)
    if max_flips > MAX_FLIPS:
        raise ValueError(f"max_flips must be <= {MAX_FLIPS}; got {max_flips}.")
    sliders = {"k": int_slider("k", "heads k", k, 0, max_flips),
               "n": int_slider("n", "flips n", n, 1, max_flips),
               "theta": float_slider("theta", "θ", theta, 0.01, 0.99, 0.01)}
    if k > n:
        raise ValueError(f"k (heads) must be <= n (flips); got k={k}, n={n}.")
    return Explorer(coin_compute, coin_view, sliders)
