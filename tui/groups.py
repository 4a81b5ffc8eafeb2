"""Footer groups shared by the app's and the screens' bindings: compact, so every key fits 80 columns."""

from textual.binding import Binding

GOTO = Binding.Group("Go", compact=True)
ACTOR = Binding.Group("Actor", compact=True)  # v compare, C rivals, b brief: what to do with the actor shown
