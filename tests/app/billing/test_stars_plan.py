"""30 days of the monthly plan bought in Stars: stacked when bought again, and taken back when refunded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from app.billing.catalogue import find_item
from app.billing.service import BillingService
from app.config import Settings
from db.repositories.billing import BillingRepository
from db.repositories.users import UserRepository

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
DAYS = timedelta(days=30)


async def test_a_refunded_period_gives_back_its_days_to_the_ones_after_it(db: Any, tmp_path: Path) -> None:
    settings = Settings(_env_file=None, altoc_data_dir=tmp_path, telegram_bot_token="1:x", pro_stars=500)  # type: ignore[call-arg]
    pro = find_item(settings, "pro")
    assert pro is not None
    async with db.session_scope() as session:
        person = (await UserRepository(session).get_or_create_by_identity("telegram", "7")).id
        billing = BillingService(session, settings, now=NOW)
        for charge in ("first", "second", "third"):
            await billing.credit_stars(person, pro, charge, "7", 500)
        assert (await billing.status(person)).renews == NOW + 3 * DAYS

        refunded = await BillingRepository(session).find_purchase(person, "second")
        assert refunded is not None
        assert await billing.stars_refunded(refunded, "admin test") == "monthly plan refunded: it has ended"
        ends = {s.id: (s.current_period_end, s.ended) for s in await BillingRepository(session).subscriptions(person)}
        assert ends == {
            "stars:first": (NOW + DAYS, False),
            "stars:second": (NOW + 2 * DAYS, True),
            "stars:third": (NOW + 2 * DAYS, False),  # moved up by the 30 days the refund took back
        }
        assert (await billing.status(person)).renews == NOW + 2 * DAYS
        assert await billing.stars_refunded(refunded, "telegram notice") == "refund already applied"
        assert (await billing.status(person)).renews == NOW + 2 * DAYS  # once
