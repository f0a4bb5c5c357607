"""Stripe webhooks on our HTTP app: exactly once, in any order, and refused when not Stripe's (issue 18).

Our app (build_app with Stripe configured) served by uvicorn on a loopback port, the embedded PostgreSQL in a
temporary data dir, the real `stripe` SDK against the fake Stripe API of tests/fakes/stripe_server.py. Per run:
1. the same 200 events (pack purchases, refunds, subscription lifecycles, invoices, unknown customers; the
   scenario of tests/stripe_deliveries.py) delivered in order by one client: ms per webhook;
2. the same events shuffled: final state (balances, plans, subscriptions, ledger sums) against in-order;
3. the same events delivered twice, concurrently, by two HTTP clients (8 in flight each): double credits;
4. forged, stale, tampered and replayed signatures: refused, and changes made;
5. a payment whose webhook arrives before the checkout's return page (and one after): times credited;
6. two checkouts of one person started at the same moment: Stripe customers made.
Run: .venv/bin/python bench/billing.py [--runs 3] [--events 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from app.billing.catalogue import find_item  # noqa: E402
from app.billing.stripe_api import StripeGateway  # noqa: E402
from app.config import Settings  # noqa: E402
from db.models import StripeCustomer, User  # noqa: E402
from db.session import open_database  # noqa: E402
from tests.fakes.stripe_server import WEBHOOK_SECRET, FakeStripe, event, sign, signed, stripe_settings  # noqa: E402
from tests.stripe_deliveries import (  # noqa: E402
    add_people,
    deliver,
    deliver_all,
    forget_payments,
    scenario,
    served_app,
    shuffled,
    state,
)


async def one_run(db: Any, config: Any, fake: FakeStripe, size: int, seed: int) -> dict[str, Any]:
    from sqlalchemy import func, select, text

    from db.models import LedgerEntry

    async with db.session_scope() as session:
        await session.execute(text("TRUNCATE users, billing_events, billing_ledger, subscriptions, purchases CASCADE"))
    plan = scenario(size, seed=seed)
    await add_people(db, plan)
    figures: dict[str, Any] = {}
    async with served_app(config, db) as url:
        timings = await deliver_all(url, plan.events)
        in_order = await state(db, config, plan.people)
        expected = {str(p): b for p, b in plan.balances.items()}
        figures["ms"] = statistics.median(timings)
        figures["p95"] = sorted(timings)[int(len(timings) * 0.95) - 1]
        figures["in_order_right"] = {p: s[0] for p, s in in_order["people"].items()} == expected

        await forget_payments(db)
        await deliver_all(url, shuffled(plan.events, seed + 1))
        figures["shuffled_equal"] = await state(db, config, plan.people) == in_order

        await forget_payments(db)
        again = shuffled(plan.events, seed + 2)
        began = time.perf_counter()
        await asyncio.gather(deliver_all(url, again, in_flight=8), deliver_all(url, again, in_flight=8))
        figures["twice_seconds"] = time.perf_counter() - began
        twice = await state(db, config, plan.people)
        figures["double_credits"] = twice["purchases_credited"] - plan.purchases
        figures["twice_equal"] = twice == in_order
        figures["events_rows"] = twice["events"]

        # Forged, stale, tampered, replayed: against the state after the double delivery.
        person = plan.people[0]
        paid = event("checkout.session.completed", _session(person, "p500"))
        body, good = signed(paid)
        now = int(time.time())
        attempts = [
            (body, sign(body, "whsec_someone_else")),
            (body, sign(body, WEBHOOK_SECRET, now - 301)),
            (body.replace(b'"amount_total": 500', b'"amount_total": 5'), good),
            (json.dumps({**paid, "id": "evt_replayed"}).encode(), good),
            (body, ""),
        ]
        async with httpx.AsyncClient(base_url=url) as client:
            refused = 0
            for payload, signature in attempts:
                answer = await client.post("/stripe/webhook", content=payload, headers={"Stripe-Signature": signature})
                refused += answer.status_code == 400
            figures["refused"] = (refused, len(attempts))
            figures["changes_after_refused"] = int(await state(db, config, plan.people) != twice)
            # A re-sent applied event: acknowledged, no change.
            last = plan.events[-1]
            answer = await deliver(client, last)
            figures["resent_ok_unchanged"] = answer.status_code == 200 and await state(db, config, plan.people) == twice

            # The checkout's return page and its webhook, both ways round, through the real SDK and the fake API.
            credited = [0]
            buyer = uuid.uuid4()
            async with db.session_scope() as session:
                session.add(User(id=buyer, display_name="buyer"))
            gateway = StripeGateway(config)
            for webhook_first in (True, False):
                async with db.session_scope() as session:
                    page = await gateway.checkout(session, buyer, find_item(config, "p500"), None)  # type: ignore[arg-type]
                completed = fake.complete(page.rsplit("/", 1)[-1])
                steps = [
                    lambda c=completed: deliver(client, event("checkout.session.completed", c)),
                    lambda c=completed: client.get("/billing/return", params={"session_id": c["id"]}),
                ]
                for step in steps if webhook_first else reversed(steps):
                    assert (await step()).status_code == 200
                async with db.session_scope() as session:
                    query = select(func.count()).where(LedgerEntry.kind == "purchase", LedgerEntry.user_id == buyer)
                    credited.append(int(await session.scalar(query) or 0))
            figures["webhook_first_credits"] = credited[1] - credited[0]
            figures["return_first_credits"] = credited[2] - credited[1]

    # Two checkouts of a new person at the same moment.
    newcomer = uuid.uuid4()
    async with db.session_scope() as session:
        session.add(User(id=newcomer, display_name="newcomer"))
    before = fake.customers_created

    async def checkout(item: str) -> str:
        async with db.session_scope() as session:
            return await StripeGateway(config).checkout(session, newcomer, find_item(config, item), None)  # type: ignore[arg-type]

    await asyncio.gather(checkout("p500"), checkout("pro"))
    async with db.session_scope() as session:
        rows = await session.scalar(select(func.count()).where(StripeCustomer.user_id == newcomer))
    figures["customers"] = (fake.customers_created - before, int(rows or 0))
    return figures


def _session(person: uuid.UUID, item: str) -> dict[str, Any]:
    from tests.fakes.stripe_server import checkout_session

    return checkout_session(str(person), None, item)


async def bench(runs: int, size: int) -> None:
    with tempfile.TemporaryDirectory(prefix="altoc-bench-") as tmp:
        settings = Settings(_env_file=None, altoc_data_dir=Path(tmp) / "data", altoc_llm="offline")  # type: ignore[call-arg]
        fake = FakeStripe().start()
        config = stripe_settings(settings, fake.url)
        db = await asyncio.to_thread(open_database, None, settings.altoc_data_dir)
        try:
            results = [await one_run(db, config, fake, size, seed=18 + run) for run in range(runs)]
        finally:
            await db.close()
            fake.stop()
    report(results, runs, size)


def report(results: list[dict[str, Any]], runs: int, size: int) -> None:
    def total(key: str) -> int:
        return sum(int(r[key]) for r in results)

    def values(key: str) -> list[Any]:
        return sorted({r[key] for r in results})

    def line(name: str, text: str) -> None:
        print(f"{name:<44} {text}")

    median = statistics.median
    print(f"Stripe webhooks on our app (uvicorn, loopback): {size} events, {runs} runs")
    line(
        "in order, one client, ms per webhook",
        f"median {median(r['ms'] for r in results):.1f} ms, p95 {median(r['p95'] for r in results):.1f} ms",
    )
    line("in order: balances as the purchases say", f"{total('in_order_right')}/{runs} runs")
    line("shuffled: final state = in-order", f"{total('shuffled_equal')}/{runs} runs")
    line(
        "twice, concurrently, two clients",
        f"double credits {total('double_credits')}, final state = in-order {total('twice_equal')}/{runs} runs, "
        f"billing_events rows {values('events_rows')}, {median(r['twice_seconds'] for r in results):.2f} s "
        f"for {2 * size} deliveries",
    )
    refused = [r["refused"] for r in results]
    line(
        "forged, stale, tampered, replayed, unsigned",
        f"refused {sum(a for a, _ in refused)}/{sum(b for _, b in refused)}, "
        f"runs with a change {total('changes_after_refused')}",
    )
    line("an applied event re-sent", f"200 and nothing changed {total('resent_ok_unchanged')}/{runs} runs")
    line("webhook before the return page", f"credited {values('webhook_first_credits')} time(s)")
    line("return page before the webhook", f"credited {values('return_first_credits')} time(s)")
    made = [r["customers"] for r in results]
    line(
        "two checkouts of one person at once",
        f"Stripe customers created {sorted({a for a, _ in made})}, rows {sorted({b for _, b in made})}",
    )


def main() -> None:
    import logging

    # Unknown customers and refused requests are logged as warnings, hundreds of them here.
    logging.getLogger("app.billing.service").setLevel(logging.ERROR)
    logging.getLogger("channels.http.billing").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--events", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(bench(args.runs, args.events))


if __name__ == "__main__":
    main()
