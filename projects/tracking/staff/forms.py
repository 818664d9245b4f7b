"""Forms of the staff dossier page. French labels and messages; the expected stage travels
in a hidden field so a stale click is refused by the workflow."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labo.core.forms import SingleLineTextChecks

from .. import workflow
from ..models import SCORE_MAX, Decision, Meeting, Outcome, Review, Scheme, Visibility
from .selectors import reviewer_users, staff_users

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MoveForm(forms.Form):
    expected_stage_id = forms.IntegerField(widget=forms.HiddenInput)
    to_stage_id = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Commentaire"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    visibility = forms.ChoiceField(
        label=_("Visibilité du commentaire"),
        choices=Visibility.choices,
        initial=Visibility.INTERNAL,
    )


STAFF_OUTCOMES = [
    (Outcome.NOT_SELECTED, Outcome.NOT_SELECTED.label),
    (Outcome.REFUSED, Outcome.REFUSED.label),
    (Outcome.REDIRECTED, Outcome.REDIRECTED.label),
]


class OutcomeForm(SingleLineTextChecks, forms.Form):
    expected_stage_id = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Issue"), choices=STAFF_OUTCOMES)
    redirected_to = forms.ModelChoiceField(
        label=_("Réorienté vers le dispositif"),
        queryset=Scheme.objects.all(),
        required=False,
        empty_label=_("— aucun —"),
    )
    redirected_to_detail = forms.CharField(
        label=_("Précision sur la réorientation"), max_length=200, required=False
    )
    comment = forms.CharField(
        label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    visibility = forms.ChoiceField(
        label=_("Visibilité du message"), choices=Visibility.choices, initial=Visibility.SHARED
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("outcome") == Outcome.REDIRECTED
            and not data.get("redirected_to")
            and not data.get("redirected_to_detail")
        ):
            self.add_error(
                "redirected_to", _("Indiquez le dispositif vers lequel le dossier est réorienté.")
            )
        return data


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Commentaire"), widget=forms.Textarea(attrs={"rows": 3}))
    visibility = forms.ChoiceField(
        label=_("Visibilité"), choices=Visibility.choices, initial=Visibility.INTERNAL
    )


class DocumentRequestForm(SingleLineTextChecks, forms.Form):
    label = forms.CharField(label=_("Pièce demandée"), max_length=200)
    message = forms.CharField(
        label=_("Message au candidat"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_date = forms.DateField(label=_("À fournir avant le"), widget=DATE)

    def clean_due_date(self):
        value = self.cleaned_data["due_date"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("La date limite ne peut pas être passée."))
        return value


class StaffInChargeForm(forms.Form):
    staff_in_charge = forms.ModelChoiceField(
        label=_("Chargé de suivi"),
        queryset=staff_users(),
        required=False,
        empty_label=_("— personne —"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_in_charge"].label_from_instance = lambda u: u.display_name or u.email


class ReviewersForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Instructeurs à solliciter"),
        queryset=reviewer_users(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].label_from_instance = lambda u: u.display_name or u.email


SCORE_CHOICES = [("", _("— non noté —"))] + [(str(n), str(n)) for n in range(SCORE_MAX + 1)]


class ReviewForm(forms.Form):
    """A score (0–4) and a comment per criterion of the call, a recommendation and a general
    opinion. Fields are built from the call's grid."""

    recommendation = forms.ChoiceField(
        label=_("Recommandation"),
        choices=[("", _("— à choisir —"))] + list(Review.Recommendation.choices),
        required=False,
    )
    comment = forms.CharField(
        label=_("Avis général"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria, review=None, **kwargs):
        self.criteria = list(criteria)
        initial = kwargs.setdefault("initial", {})
        existing = {score.criterion_id: score for score in review.scores.all()} if review else {}
        if review:
            initial.setdefault("recommendation", review.recommendation)
            initial.setdefault("comment", review.comment)
        super().__init__(*args, **kwargs)
        for criterion in self.criteria:
            score = existing.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("Note « %(name)s » (0 à %(max)s)")
                % {"name": criterion.name, "max": SCORE_MAX},
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=str(score.score) if score else "",
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Commentaire « %(name)s »") % {"name": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=score.comment if score else "",
            )

    def criterion_fields(self):
        return [
            (criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def scores(self):
        return {
            criterion: (
                self.cleaned_data.get(f"score_{criterion.pk}"),
                self.cleaned_data.get(f"comment_{criterion.pk}", ""),
            )
            for criterion in self.criteria
        }


class MeetingForm(SingleLineTextChecks, forms.ModelForm):
    video_url = forms.URLField(label=_("Lien de visio"), required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "starts_at",
            "duration_minutes",
            "location",
            "video_url",
            "participants",
            "agenda",
            "minutes",
            "outcome",
            "deliberation_date",
            "deliberation_number",
        ]
        widgets = {
            "starts_at": DATETIME,
            "deliberation_date": DATE,
            "participants": forms.CheckboxSelectMultiple,
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        from ..workflow import team_users

        team = list(team_users(application))
        staff = list(staff_users())
        people = {user.pk: user for user in staff + team}
        field = self.fields["participants"]
        field.queryset = field.queryset.model.objects.filter(pk__in=people).order_by(
            "display_name", "email"
        )
        team_ids = {user.pk for user in team}
        field.label_from_instance = lambda u: (
            f"{u.display_name or u.email} ({_('candidat') if u.pk in team_ids else _('équipe')})"
        )
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]

    def clean(self):
        data = super().clean()
        if not data.get("location") and not data.get("video_url"):
            self.add_error("location", _("Indiquez un lieu ou un lien de visio."))
        if data.get("kind") != Meeting.Kind.STANDING_COMMITTEE and (
            data.get("deliberation_date") or data.get("deliberation_number")
        ):
            self.add_error(
                "deliberation_number",
                _("La délibération ne concerne que la commission permanente."),
            )
        return data


class DecisionChecks:
    """The checks of ``workflow.decision_errors`` shown at the field that caused each."""

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        example = application.call.deliberation_number_example
        if example and "deliberation_number" in self.fields:
            self.fields["deliberation_number"].help_text = _("Par exemple %(example)s.") % {
                "example": example
            }

    def result(self, data):
        return data.get("result")

    def clean(self):
        data = super().clean()
        errors = workflow.decision_errors(self.application, {**data, "result": self.result(data)})
        for field, message in errors.items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return data


class DecisionForm(DecisionChecks, SingleLineTextChecks, forms.ModelForm):
    expected_stage_id = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Decision
        fields = ["body", "result", *workflow.DECISION_FIELDS[1:]]
        widgets = {
            "date": DATE,
            "amount_justification": forms.Textarea(attrs={"rows": 2}),
            "conditions": forms.Textarea(attrs={"rows": 2}),
            "message_to_applicant": forms.Textarea(attrs={"rows": 3}),
        }
        # What the team reads of a decision: applicant/outcome.py (page and PDF).
        help_texts = {
            "amount_justification": _(
                "Obligatoire quand le montant accordé dépasse le montant sollicité. Interne : "
                "le candidat ne la voit pas."
            ),
            "conditions": _(
                "Interne : ni envoyé au candidat, ni montré sur son dossier ou dans sa "
                "notification de décision."
            ),
            "message_to_applicant": _(
                "Envoyé au candidat avec la notification de la décision ; il le lit aussi sur "
                "son dossier et dans la notification de décision (PDF)."
            ),
        }


REASON_HELP = _("Conservé dans l'historique du dossier et envoyé au candidat.")


class DecisionCorrectionForm(DecisionChecks, SingleLineTextChecks, forms.ModelForm):
    """A correction keeps the decision's result: to change it, the decision is annulled."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Motif de la correction"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
    )  # fmt: skip

    class Meta(DecisionForm.Meta):
        fields = list(workflow.DECISION_FIELDS)

    def result(self, data):
        return self.instance.result


class DecisionAnnulForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Motif de l'annulation"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
    )  # fmt: skip


class RevertForm(forms.Form):
    expected_stage_id = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Motif du retour en arrière"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
    )  # fmt: skip
