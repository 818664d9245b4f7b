"""Stage meetings (entretien préalable, pré-audition, agora, commission permanente) and their
invitations: one e-mail per participant with an iCalendar (.ics, METHOD:REQUEST) attachment.

The invitation carries the date, the place or the visio link and the agenda; the minutes are
internal and never leave the staff pages."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from labo.core.ical import new_calendar, uid
from labo.notifications.tasks import subject_line
from labo.permissions import require

from ..models import HistoryEntry, Meeting, Visibility
from ..workflow import TransitionRefused, record


@transaction.atomic
def save_meeting(meeting: Meeting, user, participants) -> Meeting:
    require(user, "tracking.comment", meeting.application, refusal=TransitionRefused)
    created = meeting.pk is None
    if created:
        meeting.created_by = user
    meeting.save()
    meeting.participants.set(participants)
    if created:
        record(
            meeting.application,
            HistoryEntry.Kind.MEETING,
            user,
            comment=_("%(kind)s prévu le %(date)s")
            % {
                "kind": meeting.get_kind_display(),
                "date": timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y à %H:%M"),
            },
            visibility=Visibility.SHARED,
        )
    return meeting


def title_of(meeting) -> str:
    return _("%(kind)s – dossier %(reference)s") % {
        "kind": meeting.get_kind_display(),
        "reference": meeting.application.reference,
    }


def invitation_calendar(meeting) -> Calendar:
    cal = new_calendar()
    cal.add("method", "REQUEST")
    event = Event()
    event.add("uid", uid("reunion-dossier", meeting.pk))
    event.add("dtstamp", timezone.now())
    event.add("sequence", int(timezone.now().timestamp() // 60))
    start = timezone.localtime(meeting.starts_at)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=meeting.duration_minutes))
    event.add("summary", title_of(meeting))
    description = meeting.agenda
    if meeting.video_url:
        description += "\n\n" + _("Lien de visio : %(url)s") % {"url": meeting.video_url}
    event.add("description", description.strip())
    event.add("location", meeting.location or meeting.video_url)
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(settings.WAGTAIL_SITE_NAME)
    event.add("organizer", organizer)
    for participant in meeting.participants.all():
        attendee = vCalAddress(f"mailto:{participant.email}")
        attendee.params["cn"] = vText(str(participant.display_name or participant.email))
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal


def invitation_body(meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    lines = [
        _("Bonjour,"),
        "",
        _("Vous êtes invité(e) : %(title)s.") % {"title": title_of(meeting)},
        _("Date : le %(date)s à %(time)s (%(minutes)s minutes).")
        % {
            "date": start.strftime("%d/%m/%Y"),
            "time": start.strftime("%H:%M"),
            "minutes": meeting.duration_minutes,
        },
    ]
    if meeting.location:
        lines.append(_("Lieu : %(place)s") % {"place": meeting.location})
    if meeting.video_url:
        lines.append(_("Visio : %(url)s") % {"url": meeting.video_url})
    if meeting.agenda:
        lines += ["", _("Ordre du jour :"), meeting.agenda]
    lines += [
        "",
        _("L'invitation jointe (.ics) ajoute ce rendez-vous à votre agenda."),
        "",
        settings.WAGTAIL_SITE_NAME,
    ]
    return "\n".join(lines)


def send_invitations(meeting, user) -> int:
    require(user, "tracking.comment", meeting.application, refusal=TransitionRefused)
    participants = [p for p in meeting.participants.all() if p.email and p.is_active]
    if not participants:
        raise TransitionRefused(_("Ajoutez des participants avant d'envoyer les invitations."))
    ics = invitation_calendar(meeting).to_ical()
    subject = subject_line(title_of(meeting))
    body = invitation_body(meeting)
    messages = []
    for participant in participants:
        message = EmailMessage(subject, body, to=[participant.email])
        message.attach("invitation.ics", ics, "text/calendar; method=REQUEST; charset=utf-8")
        messages.append(message)

    def send():
        from django.core.mail import get_connection

        get_connection().send_messages(messages)

    Meeting.objects.filter(pk=meeting.pk).update(invitations_sent_at=timezone.now())
    transaction.on_commit(send, robust=True)
    return len(messages)
