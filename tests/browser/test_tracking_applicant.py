"""An applicant fills the multi-step VIURE 2026 form in Chromium across two sessions (the
draft is autosaved, the porteur logs out and comes back), then submits and receives the
acknowledgement. Uses the demo porteur's project « Les Hauts de Mende », which the demo
leaves without a dossier."""

import re

from playwright.sync_api import expect

from .conftest import log_in

PORTEUR = "porteur@labo.demo"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def _own_errors(page):
    aborted = ("htmx:afterRequest", "htmx:sendAbort")
    return [error for error in page.console_errors if not error.startswith(aborted)]


def _continue(page):
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_load_state()


def test_applicant_fills_the_form_in_two_sessions_and_submits(live_site, page, tmp_path):
    log_in(page, live_site.url, PORTEUR)
    page.goto(f"{live_site.url}/appels/")
    page.get_by_role("link", name=re.compile("VIURE 2026")).click()
    page.get_by_role("link", name="Candidater").click()
    page.get_by_label("Les Hauts de Mende").check()
    page.get_by_role("button", name="Commencer mon dossier").click()

    # Step 1 of 6, with the progress indicator.
    expect(page.get_by_role("heading", level=2)).to_contain_text("Étape 1 sur 6")
    expect(page.locator('.steps [aria-current="step"]')).to_contain_text("Projet et structure")
    page.get_by_label("Structure candidate").select_option(
        label="Coopérative d'habitants Les Tilleuls"
    )
    page.get_by_label("Département de l'opération").select_option("48")
    page.get_by_label("Nombre de logements").fill("6")
    _continue(page)

    # Step 2: typed, autosaved by htmx, then the porteur leaves without clicking anything.
    expect(page.get_by_role("heading", level=2)).to_contain_text("Étape 2 sur 6")
    page.get_by_label("Intitulé de l'opération").fill("Six logements en coopérative à Mende")
    page.get_by_label("Résumé de l'opération").fill("Un habitat partagé au cœur de Mende.")
    expect(page.locator("#autosave-status")).to_contain_text(
        "enregistré automatiquement à", timeout=15_000
    )
    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()

    # Second session: the draft is found again, with what was typed.
    log_in(page, live_site.url, PORTEUR)
    page.goto(f"{live_site.url}/candidatures/")
    page.get_by_role("row", name=re.compile("Les Hauts de Mende")).get_by_role(
        "link", name=re.compile("Continuer le dossier")
    ).click()
    page.get_by_role("link", name="Continuer le dossier").click()
    expect(page.get_by_label("Intitulé de l'opération")).to_have_value(
        "Six logements en coopérative à Mende"
    )
    page.get_by_label("Description de l'opération").fill(
        "Réhabilitation d'une maison de ville en six logements et une salle commune."
    )
    page.get_by_label("Montant sollicité (€)").fill("40 000")
    _continue(page)

    # Step 3: the budget, with a row added through htmx.
    expect(page.get_by_role("heading", level=2)).to_contain_text("Budget et financement")
    page.get_by_label("Dépense 1 : intitulé").fill("Travaux")
    page.get_by_label("Dépense 1 : montant en euros").fill("400 000")
    page.get_by_label("Ressource 1 : intitulé").fill("Prêt bancaire")
    page.get_by_label("Ressource 1 : montant en euros").fill("360 000")
    page.get_by_role("button", name="Ajouter une ressource").click()
    expect(page.get_by_label("Ressource 2 : intitulé")).to_be_visible()
    page.get_by_label("Ressource 2 : intitulé").fill("Subvention VIURE")
    page.get_by_label("Ressource 2 : montant en euros").fill("40 000")
    _continue(page)

    # Step 4: the five VIURE criteria.
    expect(page.get_by_role("heading", level=2)).to_contain_text("Critères")
    textareas = page.locator("form textarea")
    expect(textareas).to_have_count(5)
    for index in range(5):
        textareas.nth(index).fill("Le projet y répond par sa salle commune ouverte au quartier.")
    _continue(page)

    # Step 5: the mandatory documents.
    expect(page.get_by_role("heading", level=2)).to_contain_text("Pièces du dossier")
    for number, label in enumerate(
        [
            "Statuts de la structure candidate",
            "Note de présentation du projet",
            "Plan de financement détaillé",
        ]
    ):
        path = tmp_path / f"piece-{number}.pdf"
        path.write_bytes(PDF)
        page.get_by_label(label).set_input_files(str(path))
    _continue(page)

    # Step 6: complete, submitted, frozen, acknowledged.
    expect(page.get_by_text("Votre dossier est complet.")).to_be_visible()
    page.get_by_role("button", name="Déposer mon dossier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"Dossier VIURE-2026-\d{3}")
    )
    expect(page.locator(".stage-badge")).to_have_text("Dossier déposé")
    mail = live_site.wait_for_mail(PORTEUR)
    assert "Accusé de réception" in mail["Subject"]
    assert "VIURE-2026-" in live_site.text_of(mail)
    # Leaving a step aborts an autosave still in flight (htmx logs the abort): harmless,
    # the step's own submission saved everything. Any other error fails the test.
    assert _own_errors(page) == []
