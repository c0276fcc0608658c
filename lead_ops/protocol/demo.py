"""The demo site's operational protocol, version 1 (synthetic)."""

from datetime import timedelta

from lead_ops.accounts.demo_context import DemoContext

from .models import ProtocolVersion
from .services import protocol_version_draft, protocol_version_publish

PROTOCOL_TEXT = """\
1. Purpose. LEAD diverts people whose low-level offending is driven by drug use, behavioral-health
   conditions or poverty to community case management instead of jail and prosecution.
2. Routes. Officers may refer by arrest diversion (probable cause, pre-booking) or by social contact
   (no arrest; prior low-level drug or prostitution activity in the LEAD area within 24 months).
3. Eligibility. The criteria published with this version apply. An officer may judge an otherwise
   eligible person not a good fit (profit motive, organised distribution); that judgement is
   documented with its reason like every other decision.
4. Documentation and review. Every eligible contact ends in a documented divert or no-divert
   decision. Sergeants review arrest diversions, every no-divert of an eligible person and every
   eligibility override.
5. Hand-off. The officer calls the case-management agency for a warm hand-off (target: 30 minutes).
   The participant completes intake within 30 days or the prosecutor is notified.
6. Golden Rule. No participant may be worse off for taking part. Case notes are not evidence.
"""


def configure(demo: DemoContext) -> None:
    if ProtocolVersion.objects.exists():
        demo.note("protocol: already present, kept")
        return
    version = protocol_version_draft(
        title="Demo site operational protocol",
        text=PROTOCOL_TEXT,
        summary_of_changes="First version adopted by the Policy Coordinating Group.",
    )
    protocol_version_publish(version=version, effective_from=demo.today - timedelta(days=900))
    demo.note(f"protocol: version {version.number} published")
