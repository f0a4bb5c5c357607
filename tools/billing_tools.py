"""The person's plan, usage and purchases: what /plan and /buy run, and what the model may offer."""

from __future__ import annotations

from app.billing.catalogue import STARS_CHANNEL, Item, catalogue, credits, find_item
from app.billing.service import BillingService, Status
from app.events import InvoiceEvent
from db.repositories.users import UserRepository
from tools.registry import ToolContext, ToolResult, tool


def describe(status: Status) -> str:
    """The plan, this month's use, the renewal and the balance, in a few lines."""
    if not status.enabled:
        return "Payments are not set up here, so nothing is limited: the language model is yours to use."
    lines: list[str] = []
    if status.plan == "pro":
        renews = f"{status.renews:%-d %B %Y}" if status.renews else "the end of the period"
        ending = "ends" if status.cancels or status.plan_source == "telegram" else "renews"
        lines.append(f"**Monthly plan** — {ending} on {renews}.")
        lines.append(
            f"Model use this month: {credits(status.spent)} of {credits(status.budget)} credits (fair use), "
            f"resets on {status.resets:%-d %B}."
        )
        if status.payment_failed:
            lines.append("The last payment failed: Stripe tries again; update your card with /plan manage.")
    else:
        lines.append("**Free plan** — the guided mode, every export, the ATS check, tailoring and letters.")
        lines.append(
            f"Model-assisted messages this month: {min(status.messages_used, status.messages_allowed)} of "
            f"{status.messages_allowed}, resets on {status.resets:%-d %B}."
        )
    lines.append(f"Credits: {credits(max(status.balance, 0))} (used when the month's allowance is spent).")
    return "\n".join(lines)


@tool(group="accounts")
async def show_plan(ctx: ToolContext) -> ToolResult:
    """Show the person's plan, this month's model use, when it renews, and their credits."""
    status = await BillingService(ctx.session, ctx.settings).status(ctx.user_id)
    return ToolResult(describe(status), data=status.as_json())


def _offers(items: list[Item], channel: str, price_label: str) -> str:
    lines = ["What you can buy:"]
    for item in items:
        # Stripe shows its prices on its own page; the plan's may be named here (ALTOC_PRO_PRICE_LABEL).
        price = f"{item.stars} ⭐" if channel == STARS_CHANNEL else (price_label if item.kind == "plan" else "")
        what = (
            f"model use up to {item.credits:,} credits a month" if item.kind == "plan" else "credits that never expire"
        )
        lines.append(f"- **{item.title}** — {what}" + (f", {price}" if price else ""))
    return "\n".join(lines)


def sold_here(ctx: ToolContext) -> list[Item]:
    """What this chat can sell: Stars in Telegram, Stripe elsewhere."""
    if ctx.channel == STARS_CHANNEL:
        return [item for item in catalogue(ctx.settings) if item.stars] if ctx.settings.stars_enabled else []
    return [item for item in catalogue(ctx.settings) if item.stripe_price] if ctx.settings.stripe_enabled else []


@tool(group="accounts")
async def buy(ctx: ToolContext, item: str | None = None) -> ToolResult:
    """Offer the monthly plan and the credit packs, or start buying one. Nothing is charged until the person
    pays on Stripe's page or in Telegram.

    Args:
        item: The id of what to buy ("pro" for the monthly plan, or a pack's id); empty to list them.
    """
    if not ctx.settings.billing_enabled:
        return ToolResult("Payments are not set up here: there is nothing to buy, and nothing is limited.")
    items = sold_here(ctx)
    if not items:
        return ToolResult("Nothing can be bought in this chat. " + _elsewhere(ctx), ok=False)
    if not item:
        return ToolResult(
            _offers(items, ctx.channel, ctx.settings.pro_price_label), data={"items": [i.id for i in items]}
        )
    chosen = find_item(ctx.settings, item.strip().lower())
    if chosen is None or chosen not in items:
        names = ", ".join(i.id for i in items)
        return ToolResult(f"There is no offer called {item!r} here. The offers are: {names}.", ok=False)
    if ctx.channel == STARS_CHANNEL:
        billing = BillingService(ctx.session, ctx.settings)
        if ctx.emit is not None:
            await ctx.emit(
                InvoiceEvent(
                    title=chosen.title[:32],
                    description=_description(chosen)[:255],
                    payload=billing.stars_payload(ctx.user_id, chosen),
                    stars=chosen.stars,
                )
            )
        return ToolResult(f"Here is the invoice for {chosen.title}: {chosen.stars} ⭐, paid inside Telegram.")
    from app.billing.stripe_api import StripeGateway  # the SDK takes 0.4 s to import: only when someone buys

    user = await UserRepository(ctx.session).get(ctx.user_id)
    url = await StripeGateway(ctx.settings).checkout(
        ctx.session, ctx.user_id, chosen, user.display_name if user else None
    )
    return ToolResult(
        f"Pay for {chosen.title} on Stripe's secure page: [open the checkout]({url}). "
        "Your credits or plan arrive as soon as Stripe confirms the payment.",
        data={"url": url},
    )


@tool(group="accounts")
async def manage_billing(ctx: ToolContext) -> ToolResult:
    """A link to Stripe's customer portal: cards, cancelling the monthly plan, invoices."""
    if not ctx.settings.stripe_enabled:
        return ToolResult("Payments through Stripe are not set up here.", ok=False)
    from app.billing.stripe_api import StripeGateway

    url = await StripeGateway(ctx.settings).portal(ctx.session, ctx.user_id)
    if url is None:
        return ToolResult("You have not paid through Stripe yet, so there is nothing to manage. /buy shows offers.")
    return ToolResult(f"Manage your card, plan and invoices on Stripe: [open the billing portal]({url}).")


def _description(item: Item) -> str:
    if item.kind == "plan":
        return f"30 days of the monthly plan: model use up to {item.credits:,} credits, then your credits."
    return f"{item.credits:,} credits for the language model, used when your monthly allowance is spent."


def _elsewhere(ctx: ToolContext) -> str:
    if ctx.channel == STARS_CHANNEL and ctx.settings.stripe_enabled:
        return "Buy in the web chat (the same account once you /link it)."
    if ctx.channel != STARS_CHANNEL and ctx.settings.stars_enabled:
        return "Buy in the Telegram bot with Stars (the same account once you /link it)."
    return ""
