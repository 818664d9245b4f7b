"""Staff side of the tracking module: the pipeline CRESS animators and Region instructors work
in every day, under /instruction/ (``tracking_staff`` URLs).

Decisions, for the next reader:
- Site-styled pages extending base.html rather than Wagtail admin views: the pipeline is a
  working screen with its own forms (transitions with the expected stage, reviews, meetings),
  shown with the site's navigation and live notifications; the Wagtail admin keeps the
  configuration of calls and gets menu items pointing here (``hooks.py``). Every view checks
  ``can(user, "tracking.staff")`` (403 with the French reason, login page for visitors);
  drafts and objects reached through another dossier's URL are 404.
- Writes: stage moves, outcomes and decisions in ``projects.tracking.workflow`` (locked,
  stale-checked, historised); comments, document requests, reviewers, reviews in
  ``services``; meetings and .ics invitations in ``meetings``.
- Applicant privacy: the team is only ever told shared text (shared comments, shared
  transition comments, the decision's message to the applicant, document requests, meeting
  agendas). Internal comments, reviews, meeting minutes and decision conditions never reach a
  notification or an e-mail.
- The committee PDF (``pdf``) carries what the applicant submitted, the reviews' scores and
  recommendations, meeting conclusions, the decision and the shared history; never internal
  comments, minutes or staff-only documents (it travels to elected members by e-mail).
- Exports: CSV (« ; », UTF-8 BOM) and XLSX, both written by ``labo.core.spreadsheets`` (a
  small direct XLSX writer, see there why), formulas neutralised.
- Figures (``stats``) are read from the append-only history, so they stay true when stages
  are renamed; the 2025 VIURE funnel of the demo lives in ``projects.tracking.demo_funnel``.
- Daily reminders of overdue dossiers: ``reminders`` (task + ``commands.RemindersCommand``).
"""
