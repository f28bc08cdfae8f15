from .accounts import Sector, User
from .organisations import Invitation, JoinLink, Membership, Organisation, Role, Team
from .pages import HomePage, StandardPage
from .site_settings import SiteSettings
from .tokens import ApiToken, TokenScope

__all__ = [
    "ApiToken",
    "HomePage",
    "Invitation",
    "JoinLink",
    "Membership",
    "Organisation",
    "Role",
    "Sector",
    "SiteSettings",
    "StandardPage",
    "Team",
    "TokenScope",
    "User",
]
