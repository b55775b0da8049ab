"""Credit roles and revision activities, and how they map onto each other and onto other vocabularies."""

from typing import Final

ROLES: Final = (
    "reporter",
    "additional_reporter",
    "translator",
    "writer",
    "editor",
    "copy_editor",
    "photographer",
    "contributor",
)

ACTIVITIES: Final = ("report", "translate", "write", "edit", "copy-edit", "correct")

# The activity a person in a role performs when they make a revision.
ACTIVITY_OF_ROLE: Final[dict[str, str]] = {
    "reporter": "report",
    "additional_reporter": "report",
    "translator": "translate",
    "writer": "write",
    "editor": "edit",
    "copy_editor": "copy-edit",
}
