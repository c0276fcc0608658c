"""A realistic large data set for benchmarks (python manage.py generate_load_data).

At scale 1.0: 40 units with 500 officers, 30,000 people, 100,000 referrals over
five years with their decisions, reviews and intakes, 5,000 workgroup meetings
with agendas, attendance, minutes, operational issues and action items,
20,000 training records (most from peer-led sessions), and 1,000,000 audit
events. Rows are bulk-inserted, not written through the services: this is
test data for measuring, marked synthetic, and the services' audit trail and
notifications would make it a day's work. Deterministic for a given scale.
"""

from .generate import generate, pending_reviews_top_up

__all__ = ["generate", "pending_reviews_top_up"]
