from .calendar import AgendaDelivery, CalendarFeed
from .issues import ActionItem, OperationalIssue
from .meetings import AgendaItem, Attendance, Meeting, MeetingSeries, MemberRole, Membership, MinutesAddendum, Workgroup

__all__ = [
    "ActionItem",
    "AgendaDelivery",
    "AgendaItem",
    "Attendance",
    "CalendarFeed",
    "Meeting",
    "MeetingSeries",
    "MemberRole",
    "Membership",
    "MinutesAddendum",
    "OperationalIssue",
    "Workgroup",
]
