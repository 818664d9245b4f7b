"""Screens of the loan guarantee: the team's loans, the staff page of an application with
schedules and the L4253-1 ratio checks, the Region's figures, the exposure dashboard and
follow-up.

Every view asks ``labo.permissions.can``; an application the user may not see answers 404.
Views only read, validate and answer: every write is a function of :mod:`.services`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labo.core.charts import bar_chart
from labo.core.spreadsheets import xlsx_response
from labo.permissions import can, require, rule_required

from ..models import (
    Application,
    CallStage,
    GuaranteeClaim,
    GuaranteeFollowUp,
    Loan,
    Outcome,
    RegionFiscalYear,
    guarantee_applications,
)
from . import exports, services
from .finance import guaranteed_part
from .forms import (
    CoGuarantorFormSet,
    ExemptionForm,
    FollowUpForm,
    GuaranteeClaimForm,
    LoanFormSet,
    OperationForm,
    QuotiteGrantedForm,
    RegionFiscalYearForm,
)


def _application(request, pk, action="loan_guarantees.view_loans"):
    application = get_object_or_404(
        Application.objects.select_related("call__scheme", "project", "stage", "organisation"),
        pk=pk,
    )
    if not can(request.user, action, application):
        raise Http404
    return application


def _schedule_context(loan):
    schedule = loan.schedule
    if schedule is None:
        return None
    years = schedule.yearly
    part = guaranteed_part(schedule, loan.quotite)
    return {
        "loan": loan,
        "table_id": f"echeancier-{loan.pk or 'apercu'}",
        "schedule": schedule,
        "years": years,
        "guaranteed": part,
        "rows": list(zip(years, part, strict=True)),
        "chart": bar_chart([y.year for y in years], [y.outstanding for y in years]),
    }


# The team's loans ------------------------------------------------------------------------


def _cog_formsets(loan_formset, data=None):
    """One co-guarantor formset per loan form, prefixed after it."""
    return [
        CoGuarantorFormSet(data, instance=form.instance, prefix=f"{form.prefix}-cog")
        for form in loan_formset.forms
    ]


@login_required
def loans_edit(request, pk):
    application = _application(request, pk)
    editable = bool(can(request.user, "loan_guarantees.edit_loans", application))
    details = services.details_of(application)
    data = request.POST if request.method == "POST" else None
    if data is not None and not editable:
        require(request.user, "loan_guarantees.edit_loans", application)
    formset = LoanFormSet(
        data,
        instance=application,
        prefix="loans",
        call=application.call,
        queryset=Loan.objects.filter(application=application).prefetch_related("co_guarantors"),
    )
    if data is None and (request.GET.get("nouveau") or not application.loans.exists()):
        formset.extra = 1
    cog_formsets = _cog_formsets(formset, data)
    operation_form = OperationForm(data, instance=details, prefix="operation")
    if data is not None:
        valid = formset.is_valid() & operation_form.is_valid()
        for form, cogs in zip(formset.forms, cog_formsets, strict=True):
            if formset._should_delete_form(form) or not (form.has_changed() or form.instance.pk):
                continue
            form.is_valid()
            cogs.region_quotite = getattr(form, "cleaned_data", {}).get("quotite_requested")
            valid &= cogs.is_valid()
        if valid:
            services.save_loans(operation_form, formset, cog_formsets)
            messages.success(request, _("Les prêts du dossier sont enregistrés."))
            url = reverse("loan_guarantees:loans", args=[application.pk])
            return redirect(f"{url}?nouveau=1" if data.get("ajouter") else url)
        messages.error(request, _("Les prêts n'ont pas été enregistrés : corrigez les erreurs."))
    loans = services.loans_of(application)
    return render(
        request,
        "tracking/guarantees/loans_edit.html",
        {
            "application": application,
            "editable": editable,
            "formset": formset,
            "rows": list(zip(formset.forms, cog_formsets, strict=True)),
            "operation_form": operation_form,
            "schedules": [c for c in (_schedule_context(loan) for loan in loans) if c],
            "empty_form": formset.empty_form,
        },
        status=200,
    )


@login_required
def loan_row(request, pk):
    """htmx: a blank loan form appended to the formset (and its TOTAL_FORMS counter)."""
    application = _application(request, pk, "loan_guarantees.edit_loans")
    try:
        index = max(int(request.GET.get("index", "0")), 0)
    except ValueError:
        index = 0
    formset = LoanFormSet(instance=application, prefix="loans", call=application.call)
    form = formset._construct_form(index, **formset.get_form_kwargs(index))
    form.empty_permitted = True
    cogs = CoGuarantorFormSet(instance=form.instance, prefix=f"{form.prefix}-cog")
    return render(
        request,
        "tracking/guarantees/includes/loan_row.html",
        {
            "application": application,
            "form": form,
            "cogs": cogs,
            "total": index + 1,
            "oob": True,
            "editable": True,
        },
    )


@login_required
@require_POST
def loan_preview(request, pk):
    """htmx: the yearly schedule of the loan being typed, without saving it."""
    application = _application(request, pk, "loan_guarantees.edit_loans")
    prefix = request.GET.get("prefix", "")
    if not prefix.startswith("loans-") or not prefix[6:].isdigit():
        raise Http404
    from .forms import LoanForm

    form = LoanForm(request.POST, prefix=prefix, call=application.call)
    form.instance.application = application
    context = {"form": form, "preview": None}
    if form.is_valid():
        # The valid form has filled its unsaved instance: the schedule is computed from it.
        context["preview"] = _schedule_context(form.instance)
        if context["preview"] is not None:
            context["preview"]["table_id"] = f"apercu-{prefix}"
    return render(request, "tracking/guarantees/includes/preview.html", context)


@login_required
def schedule_xlsx(request, pk, loan_pk):
    application = _application(request, pk)
    loan = get_object_or_404(Loan, pk=loan_pk, application=application)
    if loan.schedule is None:
        raise Http404
    filename = f"echeancier-{application.reference or application.pk}-{loan.pk}.xlsx"
    return xlsx_response(exports.schedule_workbook(loan), filename)


# The staff page of an application -----------------------------------------------------------------


def _year(request):
    try:
        year = int(request.GET.get("annee") or request.POST.get("annee") or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _detail_context(request, application, **forms):
    year = _year(request)
    details = services.details_of(application)
    loans = services.loans_of(application)
    frozen, frozen_source = services.frozen_report(application)
    report = services.ratio_report(application, year, loans=loans)
    this_year = timezone.localdate().year
    context = {
        "application": application,
        "details": details,
        "year": year,
        "years": range(this_year - 1, this_year + 4),
        "loans": loans,
        "schedules": [c for c in (_schedule_context(loan) for loan in loans) if c],
        "report": report and services.report_for_display(report),
        "frozen": frozen and services.report_for_display(frozen),
        "frozen_source": frozen_source,
        "figures": RegionFiscalYear.objects.filter(year=year).first(),
        "exemption_form": ExemptionForm(instance=details, prefix="exemption"),
        "quotite_forms": [
            QuotiteGrantedForm(instance=loan, prefix=f"q{loan.pk}") for loan in loans
        ],
        "follow_up_form": FollowUpForm(loans=loans, prefix="suivi"),
        "claim_form": GuaranteeClaimForm(loans=loans, prefix="miseenjeu"),
        "follow_ups": GuaranteeFollowUp.objects.filter(loan__application=application)
        .select_related("loan")
        .order_by("-year", "loan"),
        "guarantee_claims": GuaranteeClaim.objects.filter(
            loan__application=application
        ).select_related("loan"),
        "may_region": bool(can(request.user, "loan_guarantees.set_exemption", application)),
        "is_granted": services.is_granted(application),
    }
    return {**context, **forms}


@login_required
def instruction_detail(request, pk):
    application = _application(request, pk, "loan_guarantees.instruct")
    return render(
        request,
        "tracking/guarantees/instruction_detail.html",
        _detail_context(request, application),
    )


def _rerender(request, application, **forms):
    """The application's page again, with the invalid form and what was typed."""
    return render(
        request,
        "tracking/guarantees/instruction_detail.html",
        _detail_context(request, application, **forms),
        status=400,
    )


def _back(application, year=None):
    url = reverse("loan_guarantees:instruction", args=[application.pk])
    return f"{url}?annee={year}" if year else url


@login_required
@require_POST
def set_exemption(request, pk):
    application = _application(request, pk, "loan_guarantees.instruct")
    require(request.user, "loan_guarantees.set_exemption", application)
    form = ExemptionForm(
        request.POST, instance=services.details_of(application), prefix="exemption"
    )
    if form.is_valid():
        services.set_exemption(
            application,
            request.user,
            kind=form.cleaned_data["exemption_kind"],
            reason=form.cleaned_data["exemption_reason"],
            amenagement=form.cleaned_data["amenagement"],
        )
        messages.success(request, _("L'exemption du dossier est enregistrée."))
        return redirect(_back(application))
    messages.error(request, _("L'exemption n'a pas été enregistrée : corrigez les erreurs."))
    return _rerender(request, application, exemption_form=form)


@login_required
@require_POST
def set_quotites(request, pk):
    application = _application(request, pk, "loan_guarantees.instruct")
    require(request.user, "loan_guarantees.set_quotite", application)
    loans = services.loans_of(application)
    forms = [
        QuotiteGrantedForm(request.POST, instance=loan, prefix=f"q{loan.pk}") for loan in loans
    ]
    if all(form.is_valid() for form in forms):
        services.set_quotites(
            {form.instance: form.cleaned_data["quotite_granted"] for form in forms}
        )
        messages.success(request, _("Les quotités accordées sont enregistrées."))
        return redirect(_back(application))
    messages.error(request, _("Les quotités n'ont pas été enregistrées : corrigez les erreurs."))
    return _rerender(request, application, quotite_forms=forms)


@login_required
@require_POST
def freeze(request, pk):
    application = _application(request, pk, "loan_guarantees.instruct")
    require(request.user, "loan_guarantees.freeze_ratios", application)
    year = _year(request)
    if services.freeze_ratios(application, request.user, year) is None:
        messages.error(request, _("Aucun prêt à garantir : il n'y a pas de ratios à figer."))
    else:
        messages.success(
            request,
            _("Les ratios de l'exercice %(year)s sont figés pour la commission permanente.")
            % {"year": year},
        )
    return redirect(_back(application, year))


@login_required
@require_POST
def record_follow_up(request, pk):
    application = _application(request, pk, "loan_guarantees.instruct")
    require(request.user, "loan_guarantees.record_follow_up", application)
    loans = services.loans_of(application)
    form = FollowUpForm(request.POST, loans=loans, prefix="suivi")
    if form.is_valid():
        services.record_follow_up(
            form.cleaned_data["loan"],
            request.user,
            year=form.cleaned_data["year"],
            outstanding=form.cleaned_data["outstanding"],
        )
        messages.success(request, _("L'encours déclaré est enregistré."))
        return redirect(_back(application))
    return _rerender(request, application, follow_up_form=form)


@login_required
@require_POST
def record_claim(request, pk):
    application = _application(request, pk, "loan_guarantees.instruct")
    require(request.user, "loan_guarantees.record_follow_up", application)
    loans = services.loans_of(application)
    form = GuaranteeClaimForm(request.POST, loans=loans, prefix="miseenjeu")
    if form.is_valid():
        data = form.cleaned_data
        services.record_claim(
            data["loan"],
            request.user,
            date=data["date"],
            amount=data["amount"],
            comment=data["comment"],
        )
        messages.success(request, _("La mise en jeu de la garantie est enregistrée."))
        return redirect(_back(application))
    return _rerender(request, application, claim_form=form)


# The Region's figures --------------------------------------------------------------------


@rule_required("loan_guarantees.view_exposure")
def region_figures(request):
    may_edit = bool(can(request.user, "loan_guarantees.edit_region_figures"))
    instance = None
    year = request.GET.get("annee") or request.POST.get("year")
    if year and str(year).isdigit():
        instance = RegionFiscalYear.objects.filter(year=int(year)).first()
    form = RegionFiscalYearForm(
        request.POST if request.method == "POST" else None, instance=instance
    )
    if request.method == "POST":
        require(request.user, "loan_guarantees.edit_region_figures")
        if form.is_valid():
            row = services.save_region_figures(form, request.user)
            messages.success(
                request,
                _("Les chiffres de l'exercice %(year)s sont enregistrés.") % {"year": row.year},
            )
            return redirect("loan_guarantees:region")
    return render(
        request,
        "tracking/guarantees/region_figures.html",
        {"rows": RegionFiscalYear.objects.all(), "form": form, "may_edit": may_edit},
        status=400 if form.is_bound and form.errors else 200,
    )


# Exposure --------------------------------------------------------------------------------


# Years shown in the per-borrower and per-département tables (the XLSX has all 30).
MILESTONES = (0, 5, 10, 20)


def _exposure(request):
    """The exposure data, and the application under instruction whose loans it adds (the
    ``dossier`` parameter), if any."""
    require(request.user, "loan_guarantees.view_exposure")
    application = None
    application_pk = request.GET.get("dossier", "")
    if application_pk:
        if not application_pk.isdigit():
            raise Http404
        application = _application(request, int(application_pk), "loan_guarantees.instruct")
    start = timezone.localdate().year
    return services.exposure_data(start, application), application


@login_required
def exposure_dashboard(request):
    data, application = _exposure(request)
    exposure = data["exposure"]
    labels = [row.year for row in exposure.years]
    with_application = exposure.with_application
    return render(
        request,
        "tracking/guarantees/exposure.html",
        {
            "data": data,
            "application": application,
            "rows": [
                (row, with_application[index] if with_application else None)
                for index, row in enumerate(exposure.years)
            ],
            "outstanding_chart": bar_chart(
                labels,
                [row.outstanding for row in exposure.years],
                overlay=(
                    [row.outstanding for row in with_application] if with_application else None
                ),
            ),
            "annuities_chart": bar_chart(
                labels,
                [row.annuities for row in exposure.years],
                overlay=[row.annuities for row in with_application] if with_application else None,
            ),
            "current_year": labels[0],
            "milestones": [labels[i] for i in MILESTONES],
            "by_borrower": [
                (name, [series[i] for i in MILESTONES]) for name, series in data["by_borrower"]
            ],
            "by_departement": [
                (code, [series[i] for i in MILESTONES]) for code, series in data["by_departement"]
            ],
            "under_instruction": guarantee_applications()
            .filter(outcome="", decision__isnull=True)
            .exclude(stage__kind__in=[CallStage.Kind.DRAFT, CallStage.Kind.FINAL])
            .exclude(stage__code__in=["engagement", "suivi"])
            .select_related("project")
            .order_by("reference"),
        },
    )


@login_required
def exposure_xlsx(request):
    data, application = _exposure(request)
    suffix = f"-avec-{application.reference}" if application else ""
    filename = f"exposition-garanties-{timezone.localdate():%Y-%m-%d}{suffix}.xlsx"
    return xlsx_response(exports.exposure_workbook(data), filename)


def dashboard_context(request):
    """« Mon espace »: the team's guarantee applications, with a link to their loans."""
    if not request.user.is_authenticated:
        return None
    applications = list(
        guarantee_applications()
        .for_team_member(request.user)
        .exclude(outcome=Outcome.WITHDRAWN)
        .with_applicant_status()
        .select_related("call", "project", "stage")
        .order_by("-call__year", "pk")
        .distinct()
    )
    if not applications:
        return None
    return {"applications": applications}
