"""App actions of the positioning views that work from any screen: compare an actor, see its competitors.

"The current actor" is the actor a screen is about or has under its cursor: a screen says which
through `current_actor()`; an actor's detail and the actors list are recognised here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from landscape.i18n import _

from .screens.home import HomeScreen

if TYPE_CHECKING:
    from .app import LandscapeApp


class ActorActions:
    """Mixed into LandscapeApp: `v` adds the current actor to the comparison, `V` shows it, `C` its rivals."""

    def current_actor(self: LandscapeApp) -> str | None:
        from .screens.detail import DetailScreen
        from .screens.lists import ListScreen
        from .widgets.record_table import RecordTable

        screen = self.screen
        getter = getattr(screen, "current_actor", None)
        if callable(getter):
            return getter()
        if isinstance(screen, DetailScreen):
            return screen.record_id if screen.kind == "actor" else None
        if isinstance(screen, HomeScreen):
            return self.focal_actor_id()
        if isinstance(screen, ListScreen) and screen.spec.table == "actors":
            return screen.query_one(RecordTable).current_id
        return None

    def focal_actor_id(self: LandscapeApp) -> str | None:
        """The focal actor of the settings, if the map holds it."""
        focal = self.settings.focal_actor
        return focal if self.data is not None and focal in self.data.index("actors") else None

    def actor_name(self: LandscapeApp, actor_id: str) -> str:
        actor = self.data.index("actors").get(actor_id) if self.data is not None else None
        return actor.name if actor is not None else actor_id

    def compare_ids(self: LandscapeApp) -> list[str]:
        return self.screen_named("compare-actors").chosen  # type: ignore[attr-defined]

    def action_compare_add(self) -> None:
        """Add the current actor to the comparison (or take it out if it is already there)."""
        from landscape.analysis.compare import MAX_ACTORS, MIN_ACTORS

        actor_id = self.current_actor()
        if actor_id is None:
            self.notify(_("Select an actor first (open it, or move to it in a list); V opens the comparison."),
                        severity="warning", markup=False)
            return
        compare = self.screen_named("compare-actors")
        chosen: list[str] = compare.chosen  # type: ignore[attr-defined]
        name = self.actor_name(actor_id)
        if actor_id in chosen:
            compare.remove(actor_id)  # type: ignore[attr-defined]
            self.notify(_("Removed {name} from the comparison ({n} of {most}).").format(
                name=name, n=len(chosen), most=MAX_ACTORS), markup=False)
            return
        if len(chosen) >= MAX_ACTORS:
            self.notify(_("The comparison holds {most} actors at most: V opens it, - removes one.").format(
                most=MAX_ACTORS), severity="warning", markup=False)
            return
        compare.add(actor_id)  # type: ignore[attr-defined]
        hint = _("V shows them side by side") if len(chosen) >= MIN_ACTORS else _("add another with v")
        self.notify(_("Compare: {names} ({n} of {most}); {hint}.").format(
            names=", ".join(self.actor_name(a) for a in chosen), n=len(chosen), most=MAX_ACTORS, hint=hint),
            title=_("Compare"), markup=False)

    def action_brief(self) -> None:
        actor_id = self.current_actor()
        if actor_id is not None:
            self.open_brief(actor_id)

    def action_compare_actors(self) -> None:
        self.goto("compare-actors")

    def action_competitors(self) -> None:
        """The competitors of the current actor, else of the focal actor."""
        actor_id = self.current_actor()
        if actor_id is None:
            actor_id = self.focal_actor_id()
        if actor_id is None:
            self.notify(_("Select an actor first, or set the focal actor (Ctrl+P → Focal actor)."),
                        severity="warning", markup=False)
            return
        self.show_competitors(actor_id)

    def show_competitors(self: LandscapeApp, actor_id: str) -> None:
        from .screens.competitors import CompetitorsScreen

        if isinstance(self.screen, CompetitorsScreen) and self.screen.actor_id == actor_id:
            return
        self.push_screen(CompetitorsScreen(actor_id))

    def compare_with(self: LandscapeApp, actor_id: str) -> None:
        """Palette: add an actor to the comparison and show it."""
        from landscape.analysis.compare import MAX_ACTORS

        compare = self.screen_named("compare-actors")
        if actor_id not in compare.chosen and len(compare.chosen) < MAX_ACTORS:  # type: ignore[attr-defined]
            compare.add(actor_id)  # type: ignore[attr-defined]
        self.goto("compare-actors")

    def refresh_focal_views(self: LandscapeApp) -> None:
        """Screens that highlight the focal actor follow a change of it."""
        for screen in self._screens_alive():
            refresh = getattr(screen, "refresh_focal", None)
            if callable(refresh):
                refresh()

    def has_actor_context(self: LandscapeApp) -> bool:
        """Whether the screen shown is about actors, so that `v` and `C` have an actor to work on."""
        screen = self.screen
        if callable(getattr(screen, "current_actor", None)) or isinstance(screen, HomeScreen):
            return True
        kind = getattr(screen, "kind", None)
        spec = getattr(screen, "spec", None)
        return kind == "actor" or getattr(spec, "table", None) == "actors"

    def check_action(self: LandscapeApp, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("compare_add", "competitors", "brief"):
            return self.has_actor_context()
        return super().check_action(action, parameters)  # type: ignore[misc]
