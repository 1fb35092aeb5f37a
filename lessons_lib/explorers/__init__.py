"""Slider explorers: sliders that redraw one figure in place, one module per explorer in
lesson order. ``base`` holds the machinery (see its docstring for how redraws stay fast and
correct).

- ``hello``          00  one slider, one sine wave: the widget check
- ``coin``           01  the coin's likelihood over θ after k heads in n flips
- ``sigmoid_model``  02  w and b of σ(wx + b) on one-feature data, with the loss landscape
- ``descent``        03-04  learning rate, steps and start of gradient descent on a parabola
- ``training``       05, 07b  learning rate and epochs of logistic regression on 2-D data
- ``threshold``      09  the decision threshold: confusion matrix, ROC and precision-recall points
- ``network``        11  hidden units, learning rate and epochs of a one-hidden-layer network
"""

from .base import Explorer
from .coin import coin_explorer
from .descent import descent_explorer
from .hello import hello_explorer
from .network import network_explorer
from .sigmoid_model import sigmoid_model_explorer
from .threshold import threshold_explorer
from .training import logreg_explorer

__all__ = ["Explorer", "coin_explorer", "descent_explorer", "hello_explorer",
           "logreg_explorer", "network_explorer", "sigmoid_model_explorer",
           "threshold_explorer"]
