"""The forum's data. Counters and « last post » are denormalised on Topic so that category
pages cost a fixed number of queries; ``services`` keeps them right, never ``save()``.

Posts are never removed from the database by members (soft delete) so that a moderation log
can always point at what was said."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

TITLE_MAX_LENGTH = 160
BODY_MAX_LENGTH = 20_000


class Category(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Publique (lecture pour tous)")
        MEMBERS = "membres", _("Réservée aux membres connectés")
        PROJECT = "projet", _("Espace privé d'une équipe projet")

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=140, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    order = models.PositiveIntegerField(_("ordre"), default=100)
    visibility = models.CharField(
        _("visibilité"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    project = models.OneToOneField(
        "projects.ProjectPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="forum_space",
        verbose_name=_("projet (espace privé)"),
        help_text=_("Seulement pour un espace privé : son équipe seule y a accès."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("catégorie du forum")
        verbose_name_plural = _("catégories du forum")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.visibility == self.Visibility.PROJECT and not self.project_id:
            raise ValidationError({"project": _("Choisissez le projet de cet espace privé.")})
        if self.visibility != self.Visibility.PROJECT and self.project_id:
            raise ValidationError(
                {"project": _("Un projet ne se choisit que pour un espace privé.")}
            )

    @property
    def is_private(self) -> bool:
        return self.visibility == self.Visibility.PROJECT


class TaggedTopic(TaggedItemBase):
    content_object = models.ForeignKey("Topic", on_delete=models.CASCADE, related_name="+")


class Topic(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="topics", verbose_name=_("catégorie")
    )
    title = models.CharField(_("titre"), max_length=TITLE_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="forum_topics",
        verbose_name=_("auteur"),
    )
    project = models.ForeignKey(
        "projects.ProjectPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_topics",
        verbose_name=_("projet lié"),
    )
    tags = TaggableManager(through=TaggedTopic, blank=True, verbose_name=_("mots-clés"))
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, db_index=True)
    last_post_at = models.DateTimeField(_("dernière activité"), default=timezone.now)
    last_post = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reply_count = models.PositiveIntegerField(_("réponses"), default=0)
    is_pinned = models.BooleanField(_("épinglé"), default=False)
    is_locked = models.BooleanField(_("verrouillé"), default=False)
    is_hidden = models.BooleanField(_("masqué"), default=False)
    slow_mode_seconds = models.PositiveIntegerField(
        _("mode lent (secondes entre deux messages d'un membre)"), default=0
    )

    class Meta:
        verbose_name = _("sujet")
        verbose_name_plural = _("sujets")
        ordering = ["-is_pinned", "-last_post_at", "-id"]
        indexes = [
            models.Index(fields=["category", "is_pinned", "last_post_at"], name="forum_topic_list")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("forum:topic", args=[self.pk])


class Post(models.Model):
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="posts", verbose_name=_("sujet")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="forum_posts",
        verbose_name=_("auteur"),
    )
    body = models.TextField(_("message"), max_length=BODY_MAX_LENGTH)
    # Rendered once at write time: reading a page never runs the Markdown parser.
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(_("publié le"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("modifié le"), null=True, blank=True)
    is_hidden = models.BooleanField(_("masqué"), default=False)
    hidden_reason = models.CharField(_("raison du masquage"), max_length=300, blank=True)
    is_deleted = models.BooleanField(_("supprimé"), default=False)
    deleted_at = models.DateTimeField(_("supprimé le"), null=True, blank=True)
    report_count = models.PositiveIntegerField(_("signalements"), default=0)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["topic", "id"], name="forum_post_topic")]

    def __str__(self):
        return _("Message n° %(id)s dans « %(topic)s »") % {"id": self.pk, "topic": self.topic}

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("forum:post", args=[self.pk])

    @property
    def is_visible(self) -> bool:
        return not (self.is_hidden or self.is_deleted)


class PostRevision(models.Model):
    """The text a post had before each edit."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.post_id} – {self.created_at:%d/%m/%Y %H:%M}"


def _attachment_path(instance, filename):
    # The stored name never comes from the user: no path tricks, no guessable names.
    import uuid

    return f"forum/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{instance.extension}"


class Attachment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path)
    name = models.CharField(_("nom du fichier"), max_length=200)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")

    def __str__(self):
        return self.name

    @property
    def is_image(self):
        return self.content_type.startswith("image/")


class TopicRead(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="reads")
    last_read_post_id = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="forum_topic_read_unique")
        ]

    def __str__(self):
        return f"{self.user_id} – {self.topic_id} – {self.last_read_post_id}"


class WatchLevel(models.TextChoices):
    WATCHING = "watching", _("Surveiller (notification à chaque message)")
    TRACKING = "tracking", _("Suivre (compteur de non-lus seulement)")
    MUTED = "muted", _("Silencieux")


class TopicWatch(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="watches")
    level = models.CharField(max_length=10, choices=WatchLevel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="forum_topic_watch_unique")
        ]

    def __str__(self):
        return f"{self.user_id} – {self.topic_id} – {self.level}"


class CategoryWatch(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="watches")
    level = models.CharField(max_length=10, choices=WatchLevel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="forum_category_watch_unique")
        ]

    def __str__(self):
        return f"{self.user_id} – {self.category_id} – {self.level}"


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        OFFENSIVE = "offensant", _("Propos offensants")
        OFF_TOPIC = "hors_sujet", _("Hors sujet")
        OTHER = "autre", _("Autre")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("motif"), max_length=16, choices=Reason.choices)
    text = models.TextField(_("précisions"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("signalé le"), default=timezone.now)
    resolved_at = models.DateTimeField(_("traité le"), null=True, blank=True)

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="forum_report_unique")
        ]

    def __str__(self):
        return f"{self.get_reason_display()} – {self.post_id}"


class Suspension(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_suspensions",
        verbose_name=_("membre"),
    )
    reason = models.CharField(_("motif"), max_length=300)
    starts_at = models.DateTimeField(_("début"), default=timezone.now)
    ends_at = models.DateTimeField(_("fin"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("décidée par"),
    )

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        ordering = ["-starts_at"]

    def __str__(self):
        return f"{self.user} – {self.reason}"


class ModerationLog(models.Model):
    """Append-only: who did what, when, and why."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Message masqué")
        UNHIDE = "unhide", _("Message réaffiché")
        AUTO_HIDE = "auto_hide", _("Message masqué après signalements")
        DELETE = "delete", _("Message supprimé")
        LOCK = "lock", _("Sujet verrouillé")
        UNLOCK = "unlock", _("Sujet déverrouillé")
        PIN = "pin", _("Sujet épinglé")
        UNPIN = "unpin", _("Sujet désépinglé")
        MOVE = "move", _("Sujet déplacé")
        SLOW_MODE = "slow_mode", _("Mode lent modifié")
        SUSPEND = "suspend", _("Membre suspendu")
        HIDE_TOPIC = "hide_topic", _("Sujet masqué")
        UNHIDE_TOPIC = "unhide_topic", _("Sujet réaffiché")

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("modérateur"),
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    topic = models.ForeignKey(
        Topic, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("sujet")
    )
    post = models.ForeignKey(
        Post, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("message")
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("membre concerné"),
    )
    reason = models.TextField(_("motif"), blank=True)
    details = models.CharField(_("détails"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("action de modération")
        verbose_name_plural = _("journal de modération")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%d/%m/%Y %H:%M})"
