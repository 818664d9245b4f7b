"""French demo content of the forum for ``load_demo``: the categories of the Labo, about
thirty topics with replies written by the demo accounts, and the private space of a demo
project team. Idempotent: existing categories (by slug) and topics (by title) are kept."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import markdown
from .models import Category, Post, Topic, TopicWatch, WatchLevel

ADMIN, LEA, JULES, INES, PAUL = (
    "admin@labo.demo",
    "porteur@labo.demo",
    "membre@labo.demo",
    "animation@labo.demo",
    "instruction@labo.demo",
)

CATEGORIES = [
    ("bienvenue", "Bienvenue", "Présentez-vous et découvrez le Labo de l'habitat des communs.",
     Category.Visibility.PUBLIC),
    ("montage-juridique-et-financier", "Montage juridique et financier",
     "SCI, coopérative d'habitants, SCIC, OFS et BRS, plan de financement, garanties d'emprunt.",
     Category.Visibility.PUBLIC),
    ("foncier", "Foncier", "Trouver un terrain ou un bâtiment, travailler avec les communes.",
     Category.Visibility.PUBLIC),
    ("vie-collective", "Vie collective",
     "Gouvernance, prise de décision, espaces partagés, vie du groupe au quotidien.",
     Category.Visibility.PUBLIC),
    ("habitat-inclusif", "Habitat inclusif",
     "Projets avec des personnes âgées ou en situation de handicap : retours d'expérience.",
     Category.Visibility.MEMBERS),
    ("annonces-recherche-de-foyers", "Annonces : recherche de foyers",
     "Les groupes qui cherchent de nouveaux foyers, et les foyers qui cherchent un groupe.",
     Category.Visibility.PUBLIC),
]  # fmt: skip

# category slug, title, author, body, tags, replies [(author, body)]
TOPICS = [
    ("bienvenue", "Bienvenue sur le forum du Labo !", INES,
     "Bonjour à toutes et à tous,\n\nCe forum est ouvert aux porteurs de projets d'habitat "
     "participatif, partagé et inclusif d'Occitanie. Présentez-vous ici, posez vos questions "
     "dans les catégories thématiques et **restez bienveillants**.\n\nL'équipe de la CRESS",
     ["présentation"], [(JULES, "Merci pour l'accueil ! Je suis Jules, installé près d'Albi."),
                         (LEA, "Bonjour, Léa de la coopérative Les Tilleuls à Toulouse.")]),
    ("bienvenue", "Présentation : Jules, à la recherche d'un groupe dans le Tarn", JULES,
     "Bonjour, je cherche un projet d'habitat participatif autour d'Albi ou de Gaillac. "
     "Je suis menuisier et j'aimerais mettre mes compétences au service d'un chantier.",
     ["tarn"], [(LEA, "Bienvenue Jules ! Regarde l'annuaire des projets, plusieurs groupes du "
                    "Tarn cherchent des foyers."), (INES, "Bienvenue ! Un café-rencontre a lieu "
                                                          "chaque mois à Albi, voir l'agenda.")]),
    ("bienvenue", "Comment utiliser les notifications du forum ?", JULES,
     "Je ne reçois pas d'e-mail quand quelqu'un répond à mon sujet, est-ce normal ?", [],
     [(INES, "Par défaut vous recevez un résumé quotidien. Choisissez « Surveiller » sur le sujet "
          "et « Immédiatement » dans vos préférences de notifications.")]),
    ("bienvenue", "Les rencontres du Labo en 2026", INES,
     "Le programme des rencontres régionales est en ligne dans l'agenda : Montpellier en "
     "mars, Toulouse en juin, Rodez en octobre.", ["rencontres"],
     [(LEA, "Super, nous viendrons à Toulouse avec une partie du groupe.")]),
    ("bienvenue", "Présentation du collectif du Hameau du Célé", LEA,
     "Nous sommes sept foyers installés dans une ancienne ferme du Lot réhabilitée. Nous "
     "accueillons volontiers des visites de groupes en projet.", ["lot", "visite"],
     [(JULES, "Est-il possible de venir un samedi ?"),
      (LEA, "Oui, écrivez-nous via la page projet.")]),
    ("montage-juridique-et-financier", "SCI d'attribution ou coopérative d'habitants ?", LEA,
     "Notre groupe de neuf foyers hésite entre une SCIA et une coopérative d'habitants. "
     "Quels critères vous ont aidés à choisir ?", ["sccc", "coopérative"],
     [(INES, "La coopérative d'habitants (loi ALUR) sépare la propriété collective de l'usage : "
          "pas de plus-value à la revente des parts. La SCIA mène à la propriété individuelle."),
      (JULES, "Nous avons choisi la coopérative pour sortir le logement de la spéculation."),
      (LEA, "Merci, c'est exactement notre débat.")]),
    ("montage-juridique-et-financier", "Garantie d'emprunt de la Région : retour d'expérience", LEA,
     "Nous avons déposé une demande de garantie d'emprunt. Quelles pièces vous a-t-on "
     "demandées ?", ["garantie d'emprunt", "région"],
     [(PAUL, "La lettre de demande, les statuts, la délibération de l'organe dirigeant, le plan "
          "de financement et l'offre de prêt avec son tableau d'amortissement."),
      (LEA, "Merci Paul, nous complétons le dossier.")]),
    ("montage-juridique-et-financier", "Bail réel solidaire avec un OFS : quelle durée ?", JULES,
     "Un OFS nous propose un BRS. Quelle durée est habituelle ?", ["ofs", "brs"],
     [(INES, "Le BRS peut durer de 18 à 99 ans ; la plupart des OFS proposent 99 ans, "
          "rechargeable à chaque cession.")]),
    ("montage-juridique-et-financier", "Plan de financement type pour 12 logements", LEA,
     "Quelqu'un aurait-il un modèle de plan de financement à partager ? Nous sommes en "
     "phase de faisabilité.", ["financement"],
     [(INES, "Le centre de ressources propose un modèle de tableur, rubrique Financement.")]),
    ("montage-juridique-et-financier",
     "Appel à projets VIURE : comment se passe l'entretien ?", JULES,
     "Nous envisageons de candidater à VIURE. À quoi ressemble l'entretien préalable ?",
     ["viure"], [(INES, "C'est un échange d'une heure avec la CRESS pour présenter le projet et "
                     "vérifier qu'il correspond aux critères Vivant, Inclusif, Utopique, "
                     "Résilient, Esthétique."), (LEA, "Nous l'avons passé l'an dernier, "
                                                    "c'était très constructif.")]),
    ("montage-juridique-et-financier",
     "Prêt bancaire : quelles banques connaissent l'habitat participatif ?",
     LEA, "Nos premiers rendez-vous bancaires sont compliqués. Des recommandations ?",
     ["prêt"], [(JULES, "Les banques coopératives et la NEF ont l'habitude de ces montages.")]),
    ("foncier", "Travailler avec la mairie pour trouver un terrain", JULES,
     "Comment présenter notre projet à une commune rurale du Gers ?", ["commune", "gers"],
     [(INES, "Venez avec une note courte : le projet, le groupe, ce que vous apportez à la "
          "commune (école, commerces, vie associative)."), (LEA, "Un élu référent change tout.")]),
    ("foncier", "Réhabiliter un ancien corps de ferme : pièges à éviter", LEA,
     "Nous visitons une ferme à réhabiliter en Aveyron. Sur quoi être vigilants ?",
     ["réhabilitation", "aveyron"],
     [(JULES, "Faites faire un diagnostic de structure et vérifiez l'assainissement."),
      (INES, "Et le classement au PLU : un changement de destination peut être nécessaire.")]),
    ("foncier", "Terrain proposé par un bailleur social", INES,
     "Un bailleur social de l'Hérault propose un terrain en VEFA partielle à un groupe. "
     "Des groupes intéressés ?", ["bailleur social", "hérault"],
     [(LEA, "Oui, pouvez-vous nous mettre en relation ?")]),
    ("foncier", "Portage foncier par une foncière solidaire", JULES,
     "Comment fonctionne le portage par une foncière solidaire ? Qui reste propriétaire ?",
     ["foncière solidaire"], [(INES, "La foncière achète et reste propriétaire ; le groupe est "
                                  "locataire ou titulaire d'un bail de longue durée.")]),
    ("foncier", "Division parcellaire : délais constatés", LEA,
     "Combien de temps a pris votre division parcellaire ?", [],
     [(JULES, "Six mois chez nous, géomètre compris.")]),
    ("vie-collective", "Charte du groupe : vos modèles", LEA,
     "Nous rédigeons notre charte. Partagez-vous les vôtres ?", ["charte", "gouvernance"],
     [(JULES, "La nôtre tient sur deux pages : valeurs, décisions, espaces communs, départs."),
      (INES, "Le centre de ressources en propose trois exemples.")]),
    ("vie-collective", "Prise de décision par consentement", JULES,
     "Quelqu'un pratique la décision par consentement ? Comment gérez-vous les objections ?",
     ["sociocratie"], [(LEA, "Oui, depuis deux ans. Une objection doit être argumentée et "
                          "s'accompagner d'une proposition.")]),
    ("vie-collective", "Salle commune : comment organiser les réservations ?", LEA,
     "Notre salle commune est très demandée. Agenda partagé, cahier, autre chose ?",
     ["salle commune"], [(JULES, "Un simple agenda partagé et une règle : pas plus de deux "
                            "soirées par foyer et par mois.")]),
    ("vie-collective", "Accueillir un nouveau foyer", INES,
     "Quelles étapes prévoyez-vous pour intégrer un nouveau foyer au groupe ?",
     ["intégration"], [(LEA, "Trois rencontres, un week-end chantier, puis une période "
                          "d'essai de six mois."), (JULES, "Nous ajoutons un parrainage.")]),
    ("vie-collective", "Buanderie partagée : retour d'expérience", JULES,
     "Une buanderie commune pour douze foyers, ça marche ?", ["buanderie"],
     [(LEA, "Très bien chez nous, avec trois machines et un planning.")]),
    ("vie-collective", "Chantier participatif : assurance des bénévoles", LEA,
     "Comment assurez-vous les bénévoles d'un chantier participatif ?", ["chantier"],
     [(INES, "Une association peut souscrire une assurance spécifique ; demandez à votre "
          "assureur un contrat « chantier participatif ».")]),
    ("habitat-inclusif", "Habitat inclusif et aide à la vie partagée", INES,
     "Point d'information sur l'aide à la vie partagée (AVP) et le rôle du département.",
     ["avp"], [(LEA, "Merci, nous préparons une convention avec le département.")]),
    ("habitat-inclusif", "Accessibilité des logements : normes et retours", JULES,
     "Quels aménagements prévoir au-delà des normes PMR ?", ["accessibilité"],
     [(INES, "Pensez aux circulations larges, à l'éclairage et à la signalétique simple.")]),
    ("habitat-inclusif", "Projet intergénérationnel : trouver l'équilibre", LEA,
     "Comment équilibrez-vous familles et personnes âgées dans le groupe ?",
     ["intergénérationnel"], [(JULES, "Nous avons fixé des quotas souples par tranche d'âge.")]),
    ("habitat-inclusif", "Porteur associatif : quelles responsabilités ?", JULES,
     "Quand une association porte le projet de vie sociale, quelles sont ses obligations ?",
     [], [(INES, "Elle anime le projet de vie sociale et partagée ; la CRESS peut vous "
              "orienter vers des associations expérimentées.")]),
    ("annonces-recherche-de-foyers",
     "La Maison des Possibles cherche deux familles (Toulouse)", LEA,
     "Notre coopérative de 12 logements cherche deux familles avec enfants. Chantier prévu "
     "en 2027.", ["toulouse", "recherche de foyers"],
     [(JULES, "Bonjour, nous sommes intéressés, comment vous contacter ?"),
      (LEA, "Par le formulaire de contact de la page projet, à bientôt !")]),
    ("annonces-recherche-de-foyers", "Foyer retraité cherche groupe dans l'Hérault", JULES,
     "Couple retraité, nous cherchons un projet d'habitat partagé près de Montpellier.",
     ["hérault"], [(LEA, "Regardez les projets en conception dans l'annuaire.")]),
    ("annonces-recherche-de-foyers", "Écolieu en Ariège : une place disponible", LEA,
     "Un logement se libère dans notre écolieu ariégeois au printemps.", ["ariège", "écolieu"],
     [(JULES, "Est-ce compatible avec un télétravail ? Quelle connexion internet ?"),
      (LEA, "Oui, la fibre est arrivée l'an dernier.")]),
    ("annonces-recherche-de-foyers", "Groupe en émergence à Perpignan", JULES,
     "Nous sommes trois foyers et cherchons à nous agrandir pour lancer un projet urbain.",
     ["perpignan"], [(INES, "Une rencontre des groupes en émergence est prévue à Perpignan.")]),
]  # fmt: skip

PRIVATE_TOPICS = [
    (
        "Ordre du jour de la réunion d'équipe",
        LEA,
        "Points à voir : retour du notaire, planning du chantier, relance de la banque.",
        [(ADMIN, "Je propose d'ajouter le point sur la salle commune.")],
    ),
    (
        "Documents pour la garantie d'emprunt",
        LEA,
        "Je dépose ici la liste des pièces à rassembler avant la fin du mois.",
        [],
    ),
]


@transaction.atomic
def load_forum_demo():
    users = {
        user.email: user for user in get_user_model().objects.filter(email__endswith="@labo.demo")
    }
    if not users:
        return
    categories = {}
    for order, (slug, name, description, visibility) in enumerate(CATEGORIES):
        categories[slug], _created = Category.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "visibility": visibility,
                      "order": (order + 1) * 10},
        )  # fmt: skip
    start = timezone.now() - timedelta(days=60)
    for position, (slug, title, author, body, tags, replies) in enumerate(TOPICS):
        _topic(categories[slug], title, users, author, body, tags, replies,
               start + timedelta(days=position * 2))  # fmt: skip
    _private_space(users, start)


def _private_space(users, start):
    from projects.models import ProjectPage

    page = ProjectPage.objects.filter(slug="maison-des-possibles").first()
    if page is None:
        return
    space, _created = Category.objects.get_or_create(
        project=page,
        defaults={
            "slug": "espace-maison-des-possibles",
            "name": f"Espace de l'équipe « {page.title} »",
            "description": "Espace privé : seuls les membres de l'équipe du projet y ont accès.",
            "visibility": Category.Visibility.PROJECT,
            "order": 1000,
        },
    )
    for position, (title, author, body, replies) in enumerate(PRIVATE_TOPICS):
        _topic(space, title, users, author, body, [], replies, start + timedelta(days=position))


def _topic(category, title, users, author_email, body, tags, replies, when):
    if Topic.objects.filter(category=category, title=title).exists():
        return
    author = users.get(author_email)
    topic = Topic.objects.create(
        category=category, title=title, author=author, created_at=when, last_post_at=when
    )
    if tags:
        topic.tags.set(tags)
    posts = [(author, body, when)] + [
        (users.get(email), text, when + timedelta(hours=5 * (index + 1)))
        for index, (email, text) in enumerate(replies)
    ]
    last = None
    for post_author, text, date in posts:
        last = Post.objects.create(topic=topic, author=post_author, body=text,
                                   body_html=markdown.render(text), created_at=date)  # fmt: skip
        if post_author is not None:
            TopicWatch.objects.get_or_create(
                user=post_author, topic=topic, defaults={"level": WatchLevel.TRACKING}
            )
    Topic.objects.filter(pk=topic.pk).update(
        last_post=last, last_post_at=last.created_at, reply_count=len(posts) - 1
    )
