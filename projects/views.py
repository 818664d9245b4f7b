"""Front-end views of the projects app, served through the routes of ``ProjectIndexPage`` and
``ProjectPage`` (see ``models.pages``). Views stay thin: permissions come from
``labo.permissions.can``, writes from ``services``, filters from ``filters``."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from labo.accounts.services import invitation_matches
from labo.permissions import can, require

from . import services
from .filters import ProjectFilterSet, public_projects, with_list_data
from .forms import ContactForm, InvitationForm, ProjectCreateForm
from .models import Commune, ProjectInvitation, ProjectPage, ProjectTeamMember
from .models.communes import normalise_name
from .models.pages import Stage

PER_PAGE = 12
CONTACT_LIMIT = 5  # messages per visitor and hour: enough for people, not for spam
FILTER_PARAMS_EXCLUDED_FROM_MAP = {"page", "tri"}


def _filterset(request, index, queryset=None):
    queryset = queryset if queryset is not None else public_projects().child_of(index)
    return ProjectFilterSet(request.GET or None, queryset=queryset)


def _map_query(request) -> str:
    params = request.GET.copy()
    for name in FILTER_PARAMS_EXCLUDED_FROM_MAP:
        params.pop(name, None)
    return params.urlencode()


def geojson_path(index) -> str:
    return reverse("projects:geojson")


def geojson_endpoint(request):
    """/projets/carte.geojson, for projects.urls: the same answer as the index route."""
    from .models import ProjectIndexPage

    index = ProjectIndexPage.objects.live().first()
    if index is None:
        raise Http404
    return geojson(request, index)


def directory(request, index):
    filterset = _filterset(request, index, with_list_data(public_projects().child_of(index)))
    paginator = Paginator(filterset.qs, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = _map_query(request)
    context = {
        "page": index,
        "self": index,
        "filterset": filterset,
        "ignored_filters": filterset.ignored,
        "page_obj": page_obj,
        "projects": page_obj.object_list,
        "geojson_url": geojson_path(index) + (f"?{query}" if query else ""),
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
        "map_max_zoom": settings.MAP_MAX_ZOOM,
        "create_url": index.url + "creer/",
    }
    if request.htmx and request.htmx.target == "resultats":
        return render(request, "projects/includes/results.html", context)
    return render(request, "projects/project_index_page.html", context)


def geojson(request, index):
    """The filtered public projects as GeoJSON points at commune level. Only public fields:
    no team, no contact, nothing more precise than the commune's centre."""
    filterset = _filterset(request, index)
    queryset = filterset.qs
    rows = list(
        queryset.values(
            "pk",
            "title",
            "slug",
            "stage",
            "seeking_households",
            "commune__insee",
            "commune__name",
            "commune__departement",
            "commune__latitude",
            "commune__longitude",
        )
    )
    through = ProjectPage.habitat_types.through
    habitats: dict[int, list[str]] = {}
    for page_id, name in (
        through.objects.filter(projectpage__in=queryset.values("pk"))
        .order_by("habitattype__sort_order", "habitattype__name")
        .values_list("projectpage_id", "habitattype__name")
    ):
        habitats.setdefault(page_id, []).append(name)
    base_url = index.url
    stages = dict(Stage.choices)
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [float(row["commune__longitude"]), float(row["commune__latitude"])],
            },
            "properties": {
                "name": row["title"],
                "url": f"{base_url}{row['slug']}/",
                "commune": row["commune__name"],
                "insee": row["commune__insee"],
                "departement": row["commune__departement"],
                "stage": str(stages.get(row["stage"], "")),
                "habitat_types": habitats.get(row["pk"], []),
                "seeking_households": row["seeking_households"],
                "precision": "commune",
            },
        }
        for row in rows
    ]
    response = JsonResponse(
        {"type": "FeatureCollection", "features": features},
        json_dumps_params={"ensure_ascii": False},
    )
    response["Content-Type"] = "application/geo+json; charset=utf-8"
    return response


def project_create(request, index):
    """« Créer mon projet »: four fields, then the team edits the draft in the admin."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=reverse("account_login"))
    require(request.user, "projects.create")
    form = ProjectCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        page = services.project_create(
            user=request.user,
            index=index,
            title=form.cleaned_data["title"],
            commune=form.cleaned_data["commune"],
            habitat_type=form.cleaned_data["habitat_type"],
            stage=form.cleaned_data["stage"],
        )
        messages.success(
            request,
            _(
                "Votre projet « %(title)s » est créé en brouillon. Complétez sa page, puis "
                "soumettez-la à la validation de la CRESS pour la publier."
            )
            % {"title": page.title},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return render(
        request, "projects/project_create.html", {"form": form, "page": index, "self": index}
    )


def commune_suggestions(request, index):
    """<option>s for the commune field's datalist (htmx); the field works without them."""
    typed = normalise_name(request.GET.get("commune", ""))
    communes = []
    if len(typed) >= 2:
        communes = list(
            Commune.objects.filter(search_name__startswith=typed).order_by("search_name")[:15]
        )
    return render(request, "projects/includes/commune_options.html", {"communes": communes})


def _project_of_index(index, project_id):
    page = get_object_or_404(ProjectPage, pk=project_id)
    if not page.is_descendant_of(index):
        raise Http404
    return page


def team(request, index, project_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=reverse("account_login"))
    page = _project_of_index(index, project_id)
    require(request.user, "projects.view_team", page)
    team = page.team
    may_manage = bool(can(request.user, "projects.manage_team", page))
    form = InvitationForm(team=team)
    if request.method == "POST":
        require(request.user, "projects.manage_team", page)
        if "remove" in request.POST:
            membership = get_object_or_404(
                ProjectTeamMember, team=team, pk=request.POST.get("remove", "").strip() or 0
            )
            if services.is_last_admin(membership):
                messages.error(
                    request,
                    _("L'équipe doit garder au moins un administrateur ou une administratrice."),
                )
            else:
                services.team_remove_member(membership)
                messages.success(
                    request,
                    _("%(user)s ne fait plus partie de l'équipe.") % {"user": membership.user},
                )
            return redirect(request.path)
        form = InvitationForm(request.POST, team=team)
        if form.is_valid():
            services.invitation_send(
                team=team,
                email=form.cleaned_data["email"],
                invited_by=request.user,
                accept_url=lambda invitation: request.build_absolute_uri(
                    f"{index.url}invitation/{invitation.token}/"
                ),
            )
            messages.success(
                request,
                _("Invitation envoyée à %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect(request.path)
    context = {
        "page": index,
        "self": index,
        "project": page,
        "team": team,
        "memberships": team.memberships.select_related("user").order_by("joined_at"),
        "invitations": team.invitations.filter(accepted_at__isnull=True),
        "may_manage": may_manage,
        "form": form,
        "status": services.Status.LABELS[services.statuses([page])[page.pk]],
    }
    return render(request, "projects/team.html", context)


def invitation_accept(request, index, token):
    invitation = (
        ProjectInvitation.objects.select_related("team__page", "invited_by")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        raise Http404(_("Cette invitation n'existe pas ou plus."))
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=reverse("account_login"))
    project = invitation.team.page
    team_url = f"{index.url}equipe/{project.pk}/"
    if invitation.team.memberships.filter(user=request.user).exists():
        messages.info(request, _("Vous faites déjà partie de cette équipe."))
        return redirect(team_url)
    error = ""
    if invitation.accepted_at is not None:
        error = _("Cette invitation a déjà été utilisée.")
    elif not invitation_matches(invitation, request.user):
        error = _(
            "Cette invitation a été envoyée à une autre adresse e-mail. Connectez-vous avec "
            "le compte de cette adresse, ou ajoutez-la à votre compte."
        )
    if request.method == "POST" and not error:
        services.invitation_accept(invitation, request.user)
        messages.success(
            request,
            _("Vous avez rejoint l'équipe du projet « %(project)s ».") % {"project": project.title},
        )
        return redirect(team_url)
    return render(
        request,
        "projects/invitation.html",
        {
            "page": index,
            "self": index,
            "invitation": invitation,
            "project": project,
            "error": error,
        },
        status=403 if error and request.method == "POST" else 200,
    )


def project_context(request, page, contact_form=None):
    user = request.user
    may_edit = user.is_authenticated and bool(can(user, "projects.edit", page))
    index = page.get_parent()
    return {
        "contact_form": contact_form or ContactForm(),
        "may_edit": may_edit,
        "admin_edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]) if may_edit else "",
        "team_url": f"{index.url}equipe/{page.pk}/" if may_edit else "",
        "directory_url": index.url,
        "organisations": [
            organisation
            for organisation in [page.holder_organisation, page.support_organisation]
            if organisation
        ],
    }


def project_contact(request, page):
    if request.method != "POST":
        if request.method == "GET":
            return redirect(page.url + "#contact")
        return HttpResponseNotAllowed(["POST"])
    require(request.user, "projects.contact", page)
    form = ContactForm(request.POST)
    if not form.is_valid():
        return page.serve_page(request, contact_form=form)
    if form.cleaned_data["website"]:
        # A robot filled the hidden field: answer as if sent, send nothing.
        messages.success(request, _("Votre message a été envoyé à l'équipe du projet."))
        return redirect(page.url)
    key = f"projects:contact:{request.META.get('REMOTE_ADDR', '')}"
    sent = cache.get(key, 0)
    if sent >= CONTACT_LIMIT:
        form.add_error(
            None,
            _("Vous avez envoyé beaucoup de messages en peu de temps : réessayez dans une heure."),
        )
        return page.serve_page(request, contact_form=form)
    services.contact_team(
        page,
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        message=form.cleaned_data["message"],
    )
    cache.set(key, sent + 1, 3600)
    messages.success(request, _("Votre message a été envoyé à l'équipe du projet."))
    return redirect(page.url)


def dashboard_context(request):
    """« Mes projets » in Mon espace: my projects, their status and where to act on them."""
    from .models import ProjectIndexPage

    if not request.user.is_authenticated:
        return None
    index = ProjectIndexPage.objects.live().first()
    projects = list(
        ProjectPage.objects.filter(team__memberships__user=request.user)
        .select_related("commune")
        .order_by("title")
    )
    statuses = services.statuses(projects)
    rows = []
    for project in projects:
        status = statuses[project.pk]
        rows.append(
            {
                "project": project,
                "status": status,
                "status_label": services.Status.LABELS[status],
                "public_url": project.url if project.live else "",
                "admin_url": reverse("wagtailadmin_pages:edit", args=[project.pk]),
                "team_url": f"{index.url}equipe/{project.pk}/" if index else "",
            }
        )
    return {"rows": rows, "create_url": f"{index.url}creer/" if index else ""}
