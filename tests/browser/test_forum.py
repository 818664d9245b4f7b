from playwright.sync_api import expect

from .conftest import log_in

TOPIC_TITLE = "Charte du groupe : vos modèles"


def test_a_reply_appears_live_on_another_members_page(browser, live_site):
    reader_context = browser.new_context(locale="fr-FR")
    writer_context = browser.new_context(locale="fr-FR")
    try:
        reader = reader_context.new_page()
        log_in(reader, live_site.url, "membre@labo.demo")
        reader.goto(live_site.url + "/forum/")
        reader.get_by_role("link", name="Vie collective").click()
        reader.get_by_role("link", name=TOPIC_TITLE).click()
        posts = reader.locator("[data-forum-topic]")
        expect(posts).to_have_attribute("data-live", "connected")
        reader.evaluate("window.stillTheSamePage = true")
        topic_url = reader.url

        writer = writer_context.new_page()
        log_in(writer, live_site.url, "porteur@labo.demo")
        writer.goto(topic_url)
        writer.get_by_label("Votre message").fill("Voici notre charte en **trois** points.")
        writer.get_by_role("button", name="Aperçu").click()
        expect(writer.locator(".forum-preview strong")).to_have_text("trois")
        writer.get_by_role("button", name="Publier ma réponse").click()
        expect(writer.locator(".messages")).to_contain_text("Votre réponse est publiée")

        # No reload on the reader's side: the websocket brings the post id, the page
        # fetches the rendered post.
        new_post = posts.locator("article").filter(has_text="Voici notre charte")
        expect(new_post).to_be_visible()
        expect(new_post.locator("strong")).to_have_text("trois")
        expect(reader.locator("[data-forum-live-status]")).to_contain_text("Nouveau message")
        assert reader.evaluate("window.stillTheSamePage") is True
    finally:
        reader_context.close()
        writer_context.close()


def test_category_page_announces_new_topics_live(browser, live_site):
    reader_context = browser.new_context(locale="fr-FR")
    writer_context = browser.new_context(locale="fr-FR")
    try:
        reader = reader_context.new_page()
        reader.goto(live_site.url + "/forum/categories/bienvenue/")
        live = reader.locator("[data-forum-category]")
        expect(live).to_have_attribute("data-live", "connected")

        writer = writer_context.new_page()
        log_in(writer, live_site.url, "porteur@labo.demo")
        writer.goto(live_site.url + "/forum/categories/bienvenue/nouveau-sujet/")
        writer.get_by_label("Titre du sujet").fill("Bonjour depuis Montpellier")
        writer.get_by_label("Votre message").fill("Nous arrivons sur le Labo.")
        writer.get_by_role("button", name="Publier le sujet").click()
        expect(writer.locator("h1")).to_have_text("Bonjour depuis Montpellier")

        notice = reader.get_by_role("link", name="1 nouveau sujet : afficher")
        expect(notice).to_be_visible()
        notice.click()
        expect(reader.get_by_role("link", name="Bonjour depuis Montpellier")).to_be_visible()
    finally:
        reader_context.close()
        writer_context.close()
