"""Panels that other parts add to a round's results page, so that the self-assessment imports neither
planning nor the audits: planning adds its next steps and targets, the audits what the case files
show. Each registers a template and a function `data(*, membership, round_, placement) -> dict` (in
QuizzesConfig.ready); the results page includes each template with that data, in order."""

from collections.abc import Callable
from typing import Any

PanelData = Callable[..., dict[str, Any]]
_panels: list[tuple[str, PanelData]] = []


def register_results_panel(template_name: str, data: PanelData) -> None:
    if not any(name == template_name for name, _ in _panels):
        _panels.append((template_name, data))


def results_panels(*, membership, round_, placement) -> tuple[list[str], dict[str, Any]]:
    """The templates to include, and the context they read, for a round its lead may read."""
    templates, context = [], {}
    for template_name, data in _panels:
        context.update(data(membership=membership, round_=round_, placement=placement))
        templates.append(template_name)
    return templates, context
