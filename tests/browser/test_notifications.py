from playwright.sync_api import expect

from .conftest import log_in


def test_badge_counts_up_live_when_someone_invites_me_to_an_organisation(browser, live_site):
    member_context = browser.new_context(locale="fr-FR")
    holder_context = browser.new_context(locale="fr-FR")
    try:
        member = member_context.new_page()
        log_in(member, live_site.url, "membre@labo.demo")
        member.goto(live_site.url + "/")
        badge = member.locator("[data-notification-badge]")
        expect(badge).to_have_attribute("data-live", "connected")
        count = member.locator("[data-notification-count]")
        before = int((count.text_content() or "0").split()[0])
        member.evaluate("window.stillTheSamePage = true")

        holder = holder_context.new_page()
        log_in(holder, live_site.url, "porteur@labo.demo")
        holder.goto(live_site.url + "/mon-espace/")
        holder.get_by_role("link", name="Coopérative d'habitants Les Tilleuls").first.click()
        holder.get_by_label("Adresse e-mail").fill("membre@labo.demo")
        holder.get_by_role("button", name="Envoyer l'invitation", exact=True).click()
        expect(holder.locator(".messages")).to_be_visible()

        # No reload on the member's side: the websocket brings the new count.
        expect(count).to_be_visible()
        expect(count).to_contain_text(str(before + 1))
        expect(badge).to_have_attribute("data-unread", str(before + 1))
        assert member.evaluate("window.stillTheSamePage") is True

        member.get_by_role("link", name="Notifications").first.click()
        expect(member.locator("main")).to_contain_text("Les Tilleuls")
    finally:
        member_context.close()
        holder_context.close()
