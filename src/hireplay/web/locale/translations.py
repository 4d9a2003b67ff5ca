"""The candidate pages' words in French and Dutch, written for hireplay. `scripts/messages` writes
them into the .po catalogues and compiles the .mo files Django reads."""

FR_NL: dict[str, tuple[str, str]] = {
    "Question {n}": ("Question {n}", "Vraag {n}"),
    "All answers saved.": ("Toutes les réponses sont enregistrées.", "Alle antwoorden zijn opgeslagen."),
    "Saving…": ("Enregistrement…", "Bezig met opslaan…"),
    "You are offline. Your answers are kept on this device and will be sent when the connection returns.": (
        "Vous êtes hors ligne. Vos réponses sont gardées sur cet appareil et seront envoyées dès le retour de la connexion.",
        "U bent offline. Uw antwoorden blijven op dit toestel bewaard en worden verstuurd zodra de verbinding terug is.",
    ),
    "Your answers could not be saved just now ({reason}). They are kept on this device and will be sent again.": (
        "Vos réponses n'ont pas pu être enregistrées pour l'instant ({reason}). Elles sont gardées sur cet appareil et seront renvoyées.",
        "Uw antwoorden konden nu niet worden opgeslagen ({reason}). Ze blijven op dit toestel bewaard en worden opnieuw verstuurd.",
    ),
    "This answer was changed in another window after this one; the other window's answer is kept and shown here.": (
        "Cette réponse a été modifiée ensuite dans une autre fenêtre ; c'est la réponse de l'autre fenêtre qui est gardée, et elle est affichée ici.",
        "Dit antwoord werd daarna in een ander venster gewijzigd; het antwoord uit het andere venster wordt bewaard en hier getoond.",
    ),
    "This answer was changed in another window; the latest answer is shown here.": (
        "Cette réponse a été modifiée dans une autre fenêtre ; la dernière réponse est affichée ici.",
        "Dit antwoord werd in een ander venster gewijzigd; het laatste antwoord wordt hier getoond.",
    ),
    "Not saved: {reason}. Change the answer to save it.": (
        "Non enregistrée : {reason}. Modifiez la réponse pour l'enregistrer.",
        "Niet opgeslagen: {reason}. Wijzig het antwoord om het op te slaan.",
    ),
    "the server refused this answer": ("le serveur a refusé cette réponse", "de server weigerde dit antwoord"),
    "this answer is too long to save: at most 64 kB (about 8,000 words)": (
        "cette réponse est trop longue pour être enregistrée : 64 ko au maximum (environ 8 000 mots)",
        "dit antwoord is te lang om op te slaan: hoogstens 64 kB (ongeveer 8.000 woorden)",
    ),
    "Not saved yet: {reason}": ("Pas encore enregistrée : {reason}", "Nog niet opgeslagen: {reason}"),
    "One answer was not saved: see the message beside the question. Everything else is saved.": (
        "Une réponse n'a pas été enregistrée : voyez le message à côté de la question. Tout le reste est enregistré.",
        "Eén antwoord werd niet opgeslagen: zie de melding bij de vraag. Al het andere is opgeslagen.",
    ),
    "{n} answers were not saved: see the message beside each question. Everything else is saved.": (
        "{n} réponses n'ont pas été enregistrées : voyez le message à côté de chaque question. Tout le reste est enregistré.",
        "{n} antwoorden werden niet opgeslagen: zie de melding bij elke vraag. Al het andere is opgeslagen.",
    ),
    "This answer is too large to keep on this device; it is being sent now.": (
        "Cette réponse est trop volumineuse pour être gardée sur cet appareil ; elle est envoyée maintenant.",
        "Dit antwoord is te groot om op dit toestel te bewaren; het wordt nu verstuurd.",
    ),
    "The time is up. Sending your last answers…": (
        "Le temps est écoulé. Envoi de vos dernières réponses…",
        "De tijd is om. Uw laatste antwoorden worden verstuurd…",
    ),
    "Sending your last answers…": ("Envoi de vos dernières réponses…", "Uw laatste antwoorden worden verstuurd…"),
    "The time is not up yet by the server's clock; carry on.": (
        "Selon l'horloge du serveur, le temps n'est pas encore écoulé : continuez.",
        "Volgens de klok van de server is de tijd nog niet om: ga verder.",
    ),
    "Your answers could not be submitted yet (no connection). They are kept on this device; this page tries again every few seconds.": (
        "Vos réponses n'ont pas encore pu être remises (pas de connexion). Elles sont gardées sur cet appareil ; cette page réessaie toutes les quelques secondes.",
        "Uw antwoorden konden nog niet worden ingediend (geen verbinding). Ze blijven op dit toestel bewaard; deze pagina probeert het om de paar seconden opnieuw.",
    ),
    "One question has no answer:": ("Une question n'a pas de réponse :", "Eén vraag heeft geen antwoord:"),
    "{n} questions have no answer:": ("{n} questions n'ont pas de réponse :", "{n} vragen hebben geen antwoord:"),
    "Every question has an answer.": ("Chaque question a une réponse.", "Elke vraag heeft een antwoord."),
    "section {n}": ("partie {n}", "deel {n}"),
    "Five minutes left.": ("Plus que cinq minutes.", "Nog vijf minuten."),
    "One minute left.": ("Plus qu'une minute.", "Nog één minuut."),
    "This question cannot be shown; tell your recruiter.": (
        "Cette question ne peut pas être affichée ; prévenez votre recruteur.",
        "Deze vraag kan niet worden getoond; laat het uw recruiter weten.",
    ),
    "Fill the places in order: place {n} is empty.": (
        "Remplissez les places dans l'ordre : la place {n} est vide.",
        "Vul de plaatsen in volgorde in: plaats {n} is leeg.",
    ),
    "Your order is saved as shown.": (
        "Votre ordre est enregistré tel qu'affiché.",
        "Uw volgorde is opgeslagen zoals getoond.",
    ),
    "Not answered yet: move the options into your order, or keep this order.": (
        "Pas encore de réponse : placez les options dans votre ordre, ou gardez cet ordre.",
        "Nog niet beantwoord: zet de opties in uw volgorde, of behoud deze volgorde.",
    ),
    "Move up: {entry}": ("Monter : {entry}", "Omhoog: {entry}"),
    "Move down: {entry}": ("Descendre : {entry}", "Omlaag: {entry}"),
    "Up": ("Monter", "Omhoog"),
    "Down": ("Descendre", "Omlaag"),
    "Drag an entry, or use its Up and Down buttons.": (
        "Faites glisser une ligne, ou utilisez ses boutons Monter et Descendre.",
        "Sleep een regel, of gebruik de knoppen Omhoog en Omlaag.",
    ),
    "Entry": ("Élément", "Element"),
    "Put each entry in one list": ("Placez chaque élément dans une liste", "Zet elk element in één lijst"),
    "List": ("Liste", "Lijst"),
    "Add to {list}": ("Ajouter à {list}", "Toevoegen aan {list}"),
    "Remove": ("Retirer", "Verwijderen"),
    "1 word": ("1 mot", "1 woord"),
    "{n} words": ("{n} mots", "{n} woorden"),
    "{n} over the {max} asked for": ("{n} de plus que les {max} demandés", "{n} meer dan de gevraagde {max}"),
    "{n} short of the {min} asked for": ("{n} de moins que les {min} demandés", "{n} minder dan de gevraagde {min}"),
    "Some answers made on this device have not reached us yet. Keep this page open; it tries again when the connection returns.": (
        "Certaines réponses données sur cet appareil ne nous sont pas encore parvenues. Gardez cette page ouverte ; elle réessaie dès le retour de la connexion.",
        "Sommige antwoorden van dit toestel zijn nog niet bij ons aangekomen. Laat deze pagina open; ze probeert het opnieuw zodra de verbinding terug is.",
    ),
    "One answer that was waiting on this device was sent after the end. It is kept, marked late, for the hiring team to review.": (
        "Une réponse qui attendait sur cet appareil a été envoyée après la fin. Elle est gardée, marquée en retard, pour que l'équipe de recrutement l'examine.",
        "Eén antwoord dat op dit toestel wachtte, werd na het einde verstuurd. Het wordt bewaard, gemarkeerd als laat, zodat het wervingsteam het kan beoordelen.",
    ),
    "{n} answers that were waiting on this device were sent after the end. They are kept, marked late, for the hiring team to review.": (
        "{n} réponses qui attendaient sur cet appareil ont été envoyées après la fin. Elles sont gardées, marquées en retard, pour que l'équipe de recrutement les examine.",
        "{n} antwoorden die op dit toestel wachtten, werden na het einde verstuurd. Ze worden bewaard, gemarkeerd als laat, zodat het wervingsteam ze kan beoordelen.",
    ),
    "{n} answer(s) could not be saved during the assessment: {reasons}.": (
        "{n} réponse(s) n'ont pas pu être enregistrées pendant l'évaluation : {reasons}.",
        "{n} antwoord(en) konden tijdens de test niet worden opgeslagen: {reasons}.",
    ),
    "Skip to content": ("Aller au contenu", "Naar de inhoud"),
    "Assessment submitted": ("Évaluation remise", "Test ingediend"),
    "Thank you, %(name)s": ("Merci, %(name)s", "Dank u, %(name)s"),
    'Your answers were submitted on <time datetime="%(iso)s" class="local-time">%(when)s UTC</time>. The team hiring for %(opening)s will be in touch.': (
        'Vos réponses ont été remises le <time datetime="%(iso)s" class="local-time">%(when)s UTC</time>. L\'équipe qui recrute pour le poste %(opening)s vous recontactera.',
        'Uw antwoorden werden ingediend op <time datetime="%(iso)s" class="local-time">%(when)s UTC</time>. Het team dat aanwerft voor %(opening)s neemt contact met u op.',
    ),
    "Hello, %(name)s": ("Bonjour, %(name)s", "Hallo, %(name)s"),
    "You have not started the assessment yet.": (
        "Vous n'avez pas encore commencé l'évaluation.",
        "U bent nog niet aan de test begonnen.",
    ),
    "Open the assessment": ("Ouvrir l'évaluation", "De test openen"),
    "Question": ("Question", "Vraag"),
    "%(points)s points": ("%(points)s points", "%(points)s punten"),
    "tick every part that contains a mistake.": (
        "cochez chaque partie qui contient une erreur.",
        "vink elk deel aan dat een fout bevat.",
    ),
    "The record": ("La fiche", "De fiche"),
    "This task needs JavaScript to edit the record.": (
        "Cette tâche a besoin de JavaScript pour modifier la fiche.",
        "Voor deze opdracht is JavaScript nodig om de fiche te bewerken.",
    ),
    "Tick every option that applies.": (
        "Cochez chaque option qui convient.",
        "Vink elke optie aan die van toepassing is.",
    ),
    "Your answer": ("Votre réponse", "Uw antwoord"),
    "Choose %(n)s in order; an option can take one place only.": (
        "Choisissez-en %(n)s dans l'ordre ; une option ne peut occuper qu'une place.",
        "Kies er %(n)s in volgorde; een optie kan maar één plaats innemen.",
    ),
    "Place %(n)s": ("Place %(n)s", "Plaats %(n)s"),
    "Choose…": ("Choisir…", "Kiezen…"),
    "Put the options in order, first at the top: drag them, or use the Up and Down buttons.": (
        "Mettez les options dans l'ordre, la première en haut : faites-les glisser, ou utilisez les boutons Monter et Descendre.",
        "Zet de opties in volgorde, de eerste bovenaan: sleep ze, of gebruik de knoppen Omhoog en Omlaag.",
    ),
    "Your order": ("Votre ordre", "Uw volgorde"),
    "Keep this order": ("Garder cet ordre", "Deze volgorde behouden"),
    "Pick one response as the most effective and a different one as the least effective.": (
        "Choisissez une réponse comme la plus efficace et une autre comme la moins efficace.",
        "Kies één antwoord als het meest doeltreffende en een ander als het minst doeltreffende.",
    ),
    "Response": ("Réponse", "Antwoord"),
    "Most effective": ("La plus efficace", "Meest doeltreffend"),
    "Least effective": ("La moins efficace", "Minst doeltreffend"),
    "asked: %(min)s to %(max)s": ("demandé : de %(min)s à %(max)s", "gevraagd: %(min)s tot %(max)s"),
    "asked: up to %(max)s": ("demandé : jusqu'à %(max)s", "gevraagd: tot %(max)s"),
    "asked: at least %(min)s": ("demandé : au moins %(min)s", "gevraagd: minstens %(min)s"),
    "%(n)s words": ("%(n)s mots", "%(n)s woorden"),
    "Your assessment · %(role)s": ("Votre évaluation · %(role)s", "Uw test · %(role)s"),
    "Language": ("Langue", "Taal"),
    "Your assessment for %(opening)s": ("Votre évaluation pour le poste %(opening)s", "Uw test voor %(opening)s"),
    "Hello %(name)s. This is a work sample: short, realistic tasks from the job of %(role)s. Every candidate gets the same tasks and is scored the same way.": (
        "Bonjour %(name)s. Voici une mise en situation : de courtes tâches réalistes tirées du métier de %(role)s. Chaque candidat reçoit les mêmes tâches et est évalué de la même façon.",
        "Hallo %(name)s. Dit is een werkproef: korte, realistische opdrachten uit de job van %(role)s. Elke kandidaat krijgt dezelfde opdrachten en wordt op dezelfde manier beoordeeld.",
    ),
    "What is assessed": ("Ce qui est évalué", "Wat wordt beoordeeld"),
    "The rules": ("Les règles", "De regels"),
    "You have <strong>%(minutes)s minutes</strong> plus %(extra)s%% extra time.": (
        "Vous avez <strong>%(minutes)s minutes</strong>, plus %(extra)s %% de temps supplémentaire.",
        "U hebt <strong>%(minutes)s minuten</strong>, plus %(extra)s%% extra tijd.",
    ),
    "You have <strong>%(minutes)s minutes</strong>.": (
        "Vous avez <strong>%(minutes)s minutes</strong>.",
        "U hebt <strong>%(minutes)s minuten</strong>.",
    ),
    "The clock starts when you press Start and keeps running if you close the page; come back through the same link to carry on.": (
        "Le chronomètre démarre quand vous appuyez sur Commencer et continue si vous fermez la page ; revenez par le même lien pour poursuivre.",
        "De klok start wanneer u op Starten drukt en loopt door als u de pagina sluit; kom terug via dezelfde link om verder te gaan.",
    ),
    "Every answer is saved as you type. If your connection drops, your answers are kept on this device and sent when it returns; the page tells you if an answer could not be saved, and why.": (
        "Chaque réponse est enregistrée pendant que vous tapez. Si la connexion tombe, vos réponses sont gardées sur cet appareil et envoyées à son retour ; la page vous dit si une réponse n'a pas pu être enregistrée, et pourquoi.",
        "Elk antwoord wordt opgeslagen terwijl u typt. Valt de verbinding weg, dan blijven uw antwoorden op dit toestel bewaard en worden ze verstuurd zodra ze terug is; de pagina zegt u als een antwoord niet kon worden opgeslagen, en waarom.",
    ),
    "The clock is ours, not your computer's: a wrong clock on your device changes nothing. When the time is up, your answers are submitted automatically.": (
        "C'est notre horloge qui compte, pas celle de votre ordinateur : une horloge fausse sur votre appareil ne change rien. Quand le temps est écoulé, vos réponses sont remises automatiquement.",
        "Onze klok telt, niet die van uw computer: een verkeerde klok op uw toestel verandert niets. Als de tijd om is, worden uw antwoorden automatisch ingediend.",
    ),
    "You may use the same link in another window or on another device; your latest change is the one kept, and the other window tells you so.": (
        "Vous pouvez utiliser le même lien dans une autre fenêtre ou sur un autre appareil ; c'est votre dernière modification qui est gardée, et l'autre fenêtre vous le signale.",
        "U mag dezelfde link in een ander venster of op een ander toestel gebruiken; uw laatste wijziging wordt bewaard, en het andere venster meldt dat.",
    ),
    "Some questions use figures that are specific to you.": (
        "Certaines questions utilisent des chiffres propres à vous.",
        "Sommige vragen gebruiken cijfers die alleen voor u gelden.",
    ),
    "Choose your language before you start; it cannot be changed once the assessment has begun.": (
        "Choisissez votre langue avant de commencer ; elle ne peut plus changer une fois l'évaluation commencée.",
        "Kies uw taal voor u begint; ze kan niet meer veranderen zodra de test begonnen is.",
    ),
    "What is recorded": ("Ce qui est enregistré", "Wat wordt vastgelegd"),
    "Your answers, the moment each was saved, and when you started and submitted. An answer that reaches us after the end (for example from a device that was offline) is kept aside, marked late, for a person on the hiring team to accept or not.": (
        "Vos réponses, le moment où chacune a été enregistrée, et quand vous avez commencé et remis. Une réponse qui nous parvient après la fin (par exemple depuis un appareil hors ligne) est mise de côté, marquée en retard, pour qu'une personne de l'équipe de recrutement l'accepte ou non.",
        "Uw antwoorden, het moment waarop elk werd opgeslagen, en wanneer u begon en indiende. Een antwoord dat ons na het einde bereikt (bijvoorbeeld van een toestel dat offline was) wordt apart gehouden, gemarkeerd als laat, zodat iemand van het wervingsteam het al dan niet aanvaardt.",
    ),
    "The page also notes three facts, which the hiring team sees beside your answers: when you paste text into an answer (and how many characters), when you leave the assessment page (how often and for how long), and how soon after your previous answer you answered each question. They never change your score or the recommendation; there are good reasons for each, and a person reads them, not a machine. Nothing else about how you work is recorded: no camera, no microphone, no keystrokes, no screen.": (
        "La page note aussi trois faits, que l'équipe de recrutement voit à côté de vos réponses : quand vous collez du texte dans une réponse (et combien de caractères), quand vous quittez la page de l'évaluation (combien de fois et combien de temps), et combien de temps après votre réponse précédente vous avez répondu à chaque question. Ils ne changent jamais votre score ni la recommandation ; chacun peut avoir de bonnes raisons, et c'est une personne qui les lit, pas une machine. Rien d'autre sur votre façon de travailler n'est enregistré : ni caméra, ni micro, ni frappes au clavier, ni écran.",
        "De pagina noteert ook drie feiten, die het wervingsteam naast uw antwoorden ziet: wanneer u tekst in een antwoord plakt (en hoeveel tekens), wanneer u de testpagina verlaat (hoe vaak en hoe lang), en hoe snel na uw vorige antwoord u elke vraag beantwoordde. Ze veranderen nooit uw score of de aanbeveling; voor elk kan er een goede reden zijn, en een mens leest ze, geen machine. Verder wordt niets over uw manier van werken vastgelegd: geen camera, geen microfoon, geen toetsaanslagen, geen scherm.",
    ),
    "Your data": ("Vos données", "Uw gegevens"),
    "Your answers and scores are seen only by the people hiring for this opening and are used only for this decision.": (
        "Vos réponses et vos scores ne sont vus que par les personnes qui recrutent pour ce poste et ne servent qu'à cette décision.",
        "Uw antwoorden en scores worden alleen gezien door wie voor deze vacature aanwerft en dienen alleen voor deze beslissing.",
    ),
    "%(organization)s erases them %(days)s days after your last activity.": (
        "%(organization)s les efface %(days)s jours après votre dernière activité.",
        "%(organization)s wist ze %(days)s dagen na uw laatste activiteit.",
    ),
    "%(organization)s has set no automatic erasure: they are kept until they are erased on request.": (
        "%(organization)s n'a fixé aucun effacement automatique : elles sont conservées jusqu'à ce qu'on en demande l'effacement.",
        "%(organization)s heeft geen automatische wissing ingesteld: ze worden bewaard tot iemand vraagt ze te wissen.",
    ),
    "You can ask for them to be erased at any time.": (
        "Vous pouvez demander leur effacement à tout moment.",
        "U kunt op elk moment vragen ze te wissen.",
    ),
    "How you are scored, and who decides": (
        "Comment vous êtes évalué, et qui décide",
        "Hoe u wordt beoordeeld, en wie beslist",
    ),
    "Your answers are scored automatically, by the rubric published for this role: answer keys and rules written before anyone applied, the same for every candidate. Where a rubric leaves a criterion to a person (the tone of a written answer, for example), a person rates it.": (
        "Vos réponses sont notées automatiquement, selon la grille publiée pour ce poste : des corrigés et des règles écrits avant toute candidature, les mêmes pour chaque candidat. Lorsqu'une grille laisse un critère à une personne (le ton d'une réponse écrite, par exemple), c'est une personne qui le note.",
        "Uw antwoorden worden automatisch beoordeeld, volgens het beoordelingsschema dat voor deze functie gepubliceerd is: antwoordsleutels en regels die geschreven werden vóór iemand solliciteerde, voor elke kandidaat dezelfde. Waar een schema een criterium aan een mens overlaat (bijvoorbeeld de toon van een geschreven antwoord), beoordeelt een mens het.",
    ),
    "The software never decides. A named person on the hiring team takes every decision, with your scores and the interview in front of them, and the decision is recorded with who took it and why.": (
        "Le logiciel ne décide jamais. Une personne nommée de l'équipe de recrutement prend chaque décision, avec vos scores et l'entretien sous les yeux, et la décision est enregistrée avec qui l'a prise et pourquoi.",
        "De software beslist nooit. Een met naam gekende persoon van het wervingsteam neemt elke beslissing, met uw scores en het gesprek voor ogen, en de beslissing wordt vastgelegd met wie ze nam en waarom.",
    ),
    "After the decision, you can be sent your results by competency.": (
        "Après la décision, vos résultats par compétence peuvent vous être envoyés.",
        "Na de beslissing kunnen uw resultaten per competentie u worden toegestuurd.",
    ),
    "Accommodations": ("Aménagements", "Aanpassingen"),
    'If you need an accommodation (more time, a screen reader, another format) or another way of being assessed, write to <a href="mailto:%(contact)s">%(contact)s</a> before you start. Asking never counts against you.': (
        "Si vous avez besoin d'un aménagement (plus de temps, un lecteur d'écran, un autre format) ou d'une autre façon d'être évalué, écrivez à <a href=\"mailto:%(contact)s\">%(contact)s</a> avant de commencer. Le demander ne joue jamais contre vous.",
        'Hebt u een aanpassing nodig (meer tijd, een schermlezer, een ander formaat) of een andere manier van beoordelen, schrijf dan naar <a href="mailto:%(contact)s">%(contact)s</a> voor u begint. Het vragen telt nooit in uw nadeel.',
    ),
    "If you need an accommodation (more time, a screen reader, another format) or another way of being assessed, reply to the e-mail that brought you here before you start. Asking never counts against you.": (
        "Si vous avez besoin d'un aménagement (plus de temps, un lecteur d'écran, un autre format) ou d'une autre façon d'être évalué, répondez à l'e-mail qui vous a mené ici avant de commencer. Le demander ne joue jamais contre vous.",
        "Hebt u een aanpassing nodig (meer tijd, een schermlezer, een ander formaat) of een andere manier van beoordelen, antwoord dan op de e-mail die u hierheen bracht voor u begint. Het vragen telt nooit in uw nadeel.",
    ),
    "Your results": ("Vos résultats", "Uw resultaten"),
    "Your results for %(opening)s": ("Vos résultats pour le poste %(opening)s", "Uw resultaten voor %(opening)s"),
    "How you did on each competency the assessment measures, from 0 to 100. The answer keys stay private so that the assessment stays fair for the candidates after you.": (
        "Votre résultat pour chaque compétence que mesure l'évaluation, de 0 à 100. Les corrigés restent confidentiels pour que l'évaluation reste équitable pour les candidats suivants.",
        "Uw resultaat voor elke competentie die de test meet, van 0 tot 100. De antwoordsleutels blijven vertrouwelijk, zodat de test eerlijk blijft voor de kandidaten na u.",
    ),
    "Your score by competency": ("Votre score par compétence", "Uw score per competentie"),
    "Competency": ("Compétence", "Competentie"),
    "Score (0 to 100)": ("Score (de 0 à 100)", "Score (van 0 tot 100)"),
    "A person at %(organization)s took the decision, with these scores and the interview in front of them. If you have a question about it, reply to the e-mail that brought you here.": (
        "Une personne de %(organization)s a pris la décision, avec ces scores et l'entretien sous les yeux. Si vous avez une question à ce sujet, répondez à l'e-mail qui vous a mené ici.",
        "Een persoon van %(organization)s nam de beslissing, met deze scores en het gesprek voor ogen. Hebt u er een vraag over, antwoord dan op de e-mail die u hierheen bracht.",
    ),
    "%(organization)s has not shared your results yet. They are shared after a decision; you will receive an e-mail.": (
        "%(organization)s n'a pas encore partagé vos résultats. Ils le sont après une décision ; vous recevrez un e-mail.",
        "%(organization)s heeft uw resultaten nog niet gedeeld. Dat gebeurt na een beslissing; u krijgt een e-mail.",
    ),
    "Your results for {opening}": ("Vos résultats pour le poste {opening}", "Uw resultaten voor {opening}"),
    "Hello {name},\n\nThank you for taking part. Your results by competency are on this page:\n\n{link}\n\nIt shows how you did on each competency, not the answer keys.": (
        "Bonjour {name},\n\nMerci pour votre participation. Vos résultats par compétence sont sur cette page :\n\n{link}\n\nElle montre votre résultat pour chaque compétence, pas les corrigés.",
        "Hallo {name},\n\nBedankt voor uw deelname. Uw resultaten per competentie staan op deze pagina:\n\n{link}\n\nZe toont uw resultaat per competentie, niet de antwoordsleutels.",
    ),
    "Continue the assessment": ("Poursuivre l'évaluation", "Verder met de test"),
    "Start the %(minutes)s-minute assessment": (
        "Commencer l'évaluation de %(minutes)s minutes",
        "Start de test van %(minutes)s minuten",
    ),
    "%(title)s (%(index)s of %(count)s) · %(role)s": (
        "%(title)s (%(index)s sur %(count)s) · %(role)s",
        "%(title)s (%(index)s van %(count)s) · %(role)s",
    ),
    "Time left": ("Temps restant", "Resterende tijd"),
    "This assessment needs JavaScript: it saves each answer as you type. Turn JavaScript on in your browser before you press Start, or ask the hiring team for another way to take it.": (
        "Cette évaluation a besoin de JavaScript : elle enregistre chaque réponse pendant que vous écrivez. "
        "Activez JavaScript dans votre navigateur avant d'appuyer sur Commencer, ou demandez à l'équipe de "
        "recrutement une autre façon de la passer.",
        "Deze beoordeling heeft JavaScript nodig: ze bewaart elk antwoord terwijl u typt. Zet JavaScript aan in "
        "uw browser voordat u op Starten drukt, of vraag het wervingsteam om een andere manier om ze af te leggen.",
    ),
    "The assessment needs a browser with JavaScript turned on (any current browser has it).": (
        "L'évaluation demande un navigateur où JavaScript est activé (c'est le cas de tout navigateur récent).",
        "De beoordeling vraagt een browser waarin JavaScript aanstaat (elke recente browser heeft dat).",
    ),
    '<time id="time-left">--:--</time> left': (
        'il reste <time id="time-left">--:--</time>',
        'nog <time id="time-left">--:--</time>',
    ),
    "section %(index)s of %(count)s": ("partie %(index)s sur %(count)s", "deel %(index)s van %(count)s"),
    "Sections": ("Parties", "Delen"),
    "Previous section": ("Partie précédente", "Vorig deel"),
    "Next section": ("Partie suivante", "Volgend deel"),
    "Submit my answers": ("Remettre mes réponses", "Mijn antwoorden indienen"),
    "Submit your answers now?": ("Remettre vos réponses maintenant ?", "Uw antwoorden nu indienen?"),
    "You cannot change your answers afterwards.": (
        "Vous ne pourrez plus modifier vos réponses ensuite.",
        "U kunt uw antwoorden daarna niet meer wijzigen.",
    ),
    "Keep working": ("Continuer", "Verder werken"),
    "Your assessment for {opening}": ("Votre évaluation pour le poste {opening}", "Uw test voor {opening}"),
    "Hello {name},\n\nThank you for applying for {opening}. Your assessment takes {minutes} minutes; the timer starts only when you press Start.\n\n{link}\n\nThe link is personal and valid for {days} days.": (
        "Bonjour {name},\n\nMerci pour votre candidature au poste {opening}. Votre évaluation dure {minutes} minutes ; le chronomètre ne démarre que lorsque vous appuyez sur Commencer.\n\n{link}\n\nLe lien est personnel et valable {days} jours.",
        "Hallo {name},\n\nBedankt voor uw kandidatuur voor {opening}. Uw test duurt {minutes} minuten; de klok start pas wanneer u op Starten drukt.\n\n{link}\n\nDe link is persoonlijk en {days} dagen geldig.",
    ),
    "Reminder: your assessment for {opening}": (
        "Rappel : votre évaluation pour le poste {opening}",
        "Herinnering: uw test voor {opening}",
    ),
    "Hello {name},\n\nA reminder that your assessment for {opening} is waiting for you. It takes {minutes} minutes; the timer starts only when you press Start.\n\n{link}\n\nThe link is personal and valid until {until}.": (
        "Bonjour {name},\n\nUn rappel : votre évaluation pour le poste {opening} vous attend. Elle dure {minutes} minutes ; le chronomètre ne démarre que lorsque vous appuyez sur Commencer.\n\n{link}\n\nLe lien est personnel et valable jusqu'au {until}.",
        "Hallo {name},\n\nEen herinnering: uw test voor {opening} wacht op u. Hij duurt {minutes} minuten; de klok start pas wanneer u op Starten drukt.\n\n{link}\n\nDe link is persoonlijk en geldig tot {until}.",
    ),
    "select a column heading to sort by it": (
        "sélectionnez un titre de colonne pour trier",
        "kies een kolomtitel om erop te sorteren",
    ),
    # The voluntary self-identification form (core/insights/selfid.py; pages/candidate_text.SELF_ID_WORDS).
    "Thank you. Your answers are saved, apart from your application: the people who decide never see them.": (
        "Merci. Vos réponses sont enregistrées, à part de votre candidature : les personnes qui décident ne les voient jamais.",
        "Dank u. Uw antwoorden zijn opgeslagen, los van uw kandidatuur: wie beslist, ziet ze nooit.",
    ),
    "Those answers could not be saved: choose one of the options for each question, or leave it unanswered.": (
        "Ces réponses n'ont pas pu être enregistrées : choisissez une des options pour chaque question, ou laissez-la sans réponse.",
        "Die antwoorden konden niet worden opgeslagen: kies bij elke vraag een van de opties, of laat ze onbeantwoord.",
    ),
    "Optional: help us check that our hiring is fair": (
        "Facultatif : aidez-nous à vérifier que notre recrutement est équitable",
        "Vrijblijvend: help ons na te gaan of onze selectie eerlijk verloopt",
    ),
    "Answering is voluntary and changes nothing in how your application is assessed. Your answers are kept apart from your application, read only by the people who check the fairness of the process (never by those who assess or decide), counted only in totals, and deleted with your data.": (
        "Répondre est volontaire et ne change rien à l'évaluation de votre candidature. Vos réponses sont gardées à part de votre candidature, lues uniquement par les personnes qui vérifient l'équité du processus (jamais par celles qui évaluent ou décident), comptées uniquement dans des totaux, et effacées avec vos données.",
        "Antwoorden is vrijwillig en verandert niets aan de beoordeling van uw kandidatuur. Uw antwoorden worden los van uw kandidatuur bewaard, alleen gelezen door wie de eerlijkheid van het proces controleert (nooit door wie beoordeelt of beslist), alleen in totalen geteld, en samen met uw gegevens gewist.",
    ),
    "I prefer not to say": ("Je préfère ne pas répondre", "Ik zeg het liever niet"),
    "Send my answers": ("Envoyer mes réponses", "Mijn antwoorden versturen"),
    "By sending, you agree that your answers are used for this purpose only. Leave every question at “I prefer not to say”, or simply close this page, to give nothing.": (
        "En envoyant, vous acceptez que vos réponses servent uniquement à cette fin. Laissez chaque question sur « Je préfère ne pas répondre », ou fermez simplement cette page, pour ne rien donner.",
        "Door te versturen stemt u ermee in dat uw antwoorden alleen voor dit doel worden gebruikt. Laat elke vraag op „Ik zeg het liever niet” staan, of sluit gewoon deze pagina, om niets te geven.",
    ),
    "Sex": ("Sexe", "Geslacht"),
    "Female": ("Femme", "Vrouw"),
    "Male": ("Homme", "Man"),
    "Race or ethnicity": ("Origine ethnique", "Etnische afkomst"),
    "Hispanic or Latino": ("Hispanique ou latino", "Hispanic of Latino"),
    "White": ("Blanc", "Wit"),
    "Black or African American": ("Noir ou afro-américain", "Zwart of Afro-Amerikaans"),
    "Native Hawaiian or Other Pacific Islander": (
        "Hawaïen ou originaire d'une autre île du Pacifique",
        "Native Hawaiian of afkomstig van een andere eilandengroep in de Stille Oceaan",
    ),
    "Asian": ("Asiatique", "Aziatisch"),
    "American Indian or Alaska Native": ("Amérindien ou natif d'Alaska", "Indiaans of inheems uit Alaska"),
    "Two or more races": ("Plusieurs origines", "Meerdere afkomsten"),
    "Gender": ("Genre", "Gender"),
    "Woman": ("Femme", "Vrouw"),
    "Man": ("Homme", "Man"),
    "Another gender": ("Un autre genre", "Een ander gender"),
    "Age band": ("Tranche d'âge", "Leeftijdsgroep"),
    "Under 25": ("Moins de 25 ans", "Jonger dan 25"),
    "25 to 34": ("25 à 34 ans", "25 tot 34"),
    "35 to 44": ("35 à 44 ans", "35 tot 44"),
    "45 to 54": ("45 à 54 ans", "45 tot 54"),
    "55 or over": ("55 ans ou plus", "55 of ouder"),
    # The staff pages (docs/recruiting.md, "Languages and dates").
    "Assessment, highest first": ("Évaluation, la plus haute d'abord", "Test, hoogste eerst"),
    "Assessment, lowest first": ("Évaluation, la plus basse d'abord", "Test, laagste eerst"),
    "Applications": ("Candidatures", "Sollicitaties"),
    "Choose": ("Choisir", "Kiezen"),
    "Assessment": ("Évaluation", "Test"),
    "%(name)s (%(username)s) is the hiring manager: they decide on this opening's candidates; an administrator may too, and is recorded as such.": (
        "%(name)s (%(username)s) est la personne qui recrute : elle décide pour les candidats de ce poste ; un administrateur le peut aussi, et c'est noté comme tel.",
        "%(name)s (%(username)s) is de hiring manager: die beslist over de kandidaten voor deze vacature; een beheerder mag dat ook, en dat wordt zo vastgelegd.",
    ),
    "%(organization)s · playbook “%(title)s”, version %(version)s": (
        "%(organization)s · playbook « %(title)s », version %(version)s",
        "%(organization)s · playbook ‘%(title)s’, versie %(version)s",
    ),
    "%(title)s (version %(version)s)": ("%(title)s (version %(version)s)", "%(title)s (versie %(version)s)"),
    "; the e-mails telling them leave at %(at)s UTC": (
        "; les e-mails qui les en informent partent à %(at)s UTC",
        "; de e-mails die hen dat melden vertrekken om %(at)s UTC",
    ),
    "About this playbook": ("À propos de ce playbook", "Over dit playbook"),
    "Add a candidate": ("Ajouter un candidat", "Een kandidaat toevoegen"),
    "Added": ("Ajouté", "Toegevoegd"),
    "Added, newest first": ("Ajout, les plus récents d'abord", "Toegevoegd, nieuwste eerst"),
    "Added, oldest first": ("Ajout, les plus anciens d'abord", "Toegevoegd, oudste eerst"),
    "Administration": ("Administration", "Beheer"),
    "Advance the chosen candidates to the interview…": (
        "Faire passer les candidats choisis à l'entretien…",
        "De gekozen kandidaten doorlaten naar het gesprek…",
    ),
    "All": ("Tous", "Alle"),
    "Any": ("Toutes", "Alle"),
    "Applicants join the list below;": (
        "Les candidats rejoignent la liste ci-dessous ;",
        "Sollicitanten komen in de lijst hieronder;",
    ),
    "Applicants who pass the screening questions get the assessment invitation at once;": (
        "Les candidats qui réussissent les questions de présélection reçoivent aussitôt l'invitation à l'évaluation ;",
        "Sollicitanten die slagen voor de screeningvragen krijgen meteen de uitnodiging voor de test;",
    ),
    "Application to review": ("Candidature à examiner", "Sollicitatie te beoordelen"),
    "Audit log": ("Journal d'audit", "Auditlogboek"),
    "Calibration exercises": ("Exercices de calibrage", "Kalibratieoefeningen"),
    "Candidate": ("Candidat", "Kandidaat"),
    "Candidates": ("Candidats", "Kandidaten"),
    "Candidates of this opening": ("Candidats de ce poste", "Kandidaten voor deze vacature"),
    "Choose one of the languages in the list.": (
        "Choisissez une des langues de la liste.",
        "Kies een van de talen in de lijst.",
    ),
    "Clients": ("Clients", "Klanten"),
    "Compare candidates": ("Comparer les candidats", "Kandidaten vergelijken"),
    "Dates follow the language: 2026-03-15 in English, 15/03/2026 in French and Dutch. Candidates read their assessment in their own language, whatever yours.": (
        "Les dates suivent la langue : 2026-03-15 en anglais, 15/03/2026 en français et en néerlandais. Les candidats lisent leur évaluation dans leur propre langue, quelle que soit la vôtre.",
        "Datums volgen de taal: 2026-03-15 in het Engels, 15/03/2026 in het Frans en het Nederlands. Kandidaten lezen hun test in hun eigen taal, wat de uwe ook is.",
    ),
    "Decided": ("Décidé", "Beslist"),
    "Fairness": ("Équité", "Billijkheid"),
    "Find a candidate in any opening": (
        "Trouver un candidat dans n'importe quel poste",
        "Een kandidaat zoeken in alle vacatures",
    ),
    "Funnel": ("Entonnoir", "Trechter"),
    "Hired": ("Engagé", "Aangenomen"),
    "Hiring manager": ("Responsable du recrutement", "Hiring manager"),
    "Import candidates (CSV)": ("Importer des candidats (CSV)", "Kandidaten importeren (CSV)"),
    "In progress": ("En cours", "Bezig"),
    "Insights": ("Analyses", "Inzichten"),
    "Insights report": ("Rapport d'analyse", "Inzichtenrapport"),
    "Interview": ("Entretien", "Gesprek"),
    "Invitation": ("Invitation", "Uitnodiging"),
    "Invite applicants who pass screening at once": (
        "Inviter aussitôt les candidats qui réussissent la présélection",
        "Sollicitanten die de screening doorstaan meteen uitnodigen",
    ),
    "Invited": ("Invité", "Uitgenodigd"),
    "Item analysis": ("Analyse des questions", "Vraaganalyse"),
    "Language of your pages": ("Langue de vos pages", "Taal van uw pagina's"),
    "Main": ("Principal", "Hoofdmenu"),
    "My interviews": ("Mes entretiens", "Mijn gesprekken"),
    "Name": ("Nom", "Naam"),
    "Needs attention:": ("À vérifier :", "Vraagt aandacht:"),
    "New opening": ("Nouveau poste", "Nieuwe vacature"),
    "No candidate matches:": ("Aucun candidat ne correspond :", "Geen kandidaat komt overeen:"),
    "No candidates yet.": ("Pas encore de candidats.", "Nog geen kandidaten."),
    "No hiring manager yet: only an administrator can decide on this opening's candidates.": (
        "Pas encore de responsable du recrutement : seul un administrateur peut décider pour les candidats de ce poste.",
        "Nog geen hiring manager: alleen een beheerder kan beslissen over de kandidaten voor deze vacature.",
    ),
    "No openings yet.": ("Pas encore de postes.", "Nog geen vacatures."),
    "Not done:": ("Pas fait :", "Niet gedaan:"),
    "On hold": ("En attente", "In de wacht"),
    "Opening": ("Poste", "Vacature"),
    "Openings": ("Postes", "Vacatures"),
    "Openings you can see": ("Les postes que vous pouvez voir", "De vacatures die u kunt zien"),
    "Organisation": ("Organisation", "Organisatie"),
    "Page %(number)s of %(pages)s:": ("Page %(number)s sur %(pages)s :", "Pagina %(number)s van %(pages)s:"),
    "Pages of %(label)s": ("Pages de la liste : %(label)s", "Pagina's van de lijst: %(label)s"),
    "Panel agreement": ("Accord du jury", "Overeenstemming van het panel"),
    "Playbook": ("Playbook", "Playbook"),
    "Playbooks": ("Playbooks", "Playbooks"),
    "Recruiters and interviewers propose.": (
        "Les recruteurs et les intervieweurs proposent.",
        "Recruiters en interviewers doen een voorstel.",
    ),
    "Reject the chosen candidates…": ("Refuser les candidats choisis…", "De gekozen kandidaten afwijzen…"),
    "Rejected": ("Refusé", "Afgewezen"),
    "Remind the chosen candidates…": ("Relancer les candidats choisis…", "De gekozen kandidaten herinneren…"),
    "Save": ("Enregistrer", "Opslaan"),
    "Scored": ("Noté", "Gescoord"),
    "Search": ("Rechercher", "Zoeken"),
    "Search by name or e-mail": ("Rechercher par nom ou e-mail", "Zoeken op naam of e-mail"),
    "Send the assessment invitation to the chosen candidates…": (
        "Envoyer l'invitation à l'évaluation aux candidats choisis…",
        "De uitnodiging voor de test naar de gekozen kandidaten sturen…",
    ),
    "Settings": ("Paramètres", "Instellingen"),
    "Show": ("Afficher", "Tonen"),
    "Sort": ("Trier", "Sorteren"),
    "Stage": ("Étape", "Fase"),
    "Stages": ("Étapes", "Fasen"),
    "Submitted": ("Remis", "Ingediend"),
    "Take applications on the public page": (
        "Recevoir des candidatures sur la page publique",
        "Sollicitaties ontvangen op de openbare pagina",
    ),
    "The %(n)s most recent are listed.": (
        "Les %(n)s plus récents sont listés.",
        "De %(n)s recentste staan in de lijst.",
    ),
    "The funnel across every opening": ("L'entonnoir de tous les postes", "De trechter over alle vacatures"),
    "The opening is pinned to this exact content of the playbook <code>%(id)s</code>: a later version never changes how its candidates are scored. Its content hash, which the audit log and every score record carry: <code>%(hash)s</code>.": (
        "Le poste est lié à ce contenu exact du playbook <code>%(id)s</code> : une version ultérieure ne change jamais la notation de ses candidats. Son empreinte, que portent le journal d'audit et chaque résultat : <code>%(hash)s</code>.",
        "De vacature is vastgemaakt aan precies deze inhoud van het playbook <code>%(id)s</code>: een latere versie verandert nooit hoe de kandidaten gescoord worden. De vingerafdruk, die het auditlogboek en elk resultaat dragen: <code>%(hash)s</code>.",
    ),
    "The page carries no schema.org JobPosting for search engines: %(problem)s": (
        "La page ne porte pas de JobPosting schema.org pour les moteurs de recherche : %(problem)s",
        "De pagina draagt geen schema.org-JobPosting voor zoekmachines: %(problem)s",
    ),
    "The playbook has no screening questions: every applicant joins the list.": (
        "Le playbook n'a pas de questions de présélection : chaque candidat rejoint la liste.",
        "Het playbook heeft geen screeningvragen: elke sollicitant komt in de lijst.",
    ),
    'The public application page is <strong>open</strong>: <a href="%(apply_url)s">%(apply_url)s</a>.': (
        'La page publique de candidature est <strong>ouverte</strong> : <a href="%(apply_url)s">%(apply_url)s</a>.',
        'De openbare sollicitatiepagina is <strong>open</strong>: <a href="%(apply_url)s">%(apply_url)s</a>.',
    ),
    "The public application page is closed: candidates join only when the team adds or imports them.": (
        "La page publique de candidature est fermée : les candidats n'arrivent que si l'équipe les ajoute ou les importe.",
        "De openbare sollicitatiepagina is gesloten: kandidaten komen er alleen bij als het team hen toevoegt of importeert.",
    ),
    "This list updates by itself as candidates progress.": (
        "Cette liste se met à jour d'elle-même à mesure que les candidats avancent.",
        "Deze lijst werkt zichzelf bij naarmate kandidaten vorderen.",
    ),
    "Undo (until %(at)s UTC)": ("Annuler (jusqu'à %(at)s UTC)", "Ongedaan maken (tot %(at)s UTC)"),
    "Who decides": ("Qui décide", "Wie beslist"),
    "Withdrawn": ("Retiré", "Teruggetrokken"),
    "You confirm on the next page; those the action does not fit are left out, with why.": (
        "Vous confirmez à la page suivante ; ceux à qui l'action ne convient pas sont laissés de côté, avec la raison.",
        "U bevestigt op de volgende pagina; wie niet in aanmerking komt, valt weg, met de reden.",
    ),
    "Your pages are now in {language}.": (
        "Vos pages sont désormais en {language}.",
        "Uw pagina's zijn nu in het {language}.",
    ),
    "candidates": ("candidats", "kandidaten"),
    "erased": ("effacé", "gewist"),
    "expired %(at)s": ("expirée le %(at)s", "verlopen op %(at)s"),
    "expires %(at)s": ("expire le %(at)s", "verloopt op %(at)s"),
    "name or e-mail address": ("nom ou adresse e-mail", "naam of e-mailadres"),
    "next": ("suivante", "volgende"),
    "next try %(when)s UTC": ("prochain essai %(when)s UTC", "volgende poging %(when)s UTC"),
    "not sent": ("pas envoyée", "niet verstuurd"),
    "not tried again unless sent again": (
        "plus d'essai sauf nouvel envoi",
        "geen nieuwe poging tenzij opnieuw verstuurd",
    ),
    "openings": ("postes", "vacatures"),
    "previous": ("précédente", "vorige"),
    "revoked": ("révoquée", "ingetrokken"),
    "sent %(sent)s": ("envoyée le %(sent)s", "verstuurd op %(sent)s"),
    "show them all": ("les afficher tous", "ze allemaal tonen"),
    "those who miss a screening answer the role needs wait under “%(label)s” for a person to advance or reject them.": (
        "ceux à qui il manque une réponse de présélection requise attendent sous « %(label)s » qu'une personne les fasse avancer ou les refuse.",
        "wie een vereist screeningantwoord mist, wacht onder ‘%(label)s’ tot iemand hen doorlaat of afwijst.",
    ),
    "— nobody (administrators decide) —": (
        "— personne (les administrateurs décident) —",
        "— niemand (beheerders beslissen) —",
    ),
    "Your settings": ("Vos paramètres", "Uw instellingen"),
    "Sign out (%(name)s)": ("Se déconnecter (%(name)s)", "Afmelden (%(name)s)"),
    "Choose %(name)s": ("Choisir %(name)s", "%(name)s kiezen"),
    "already {stage}": ("déjà à l'étape : {stage}", "al in de fase: {stage}"),
    "at the interview already": ("déjà à l'entretien", "al bij het gesprek"),
    "no assessment result yet: a decision weighs the evidence (withdraw or review them from their page)": (
        "pas encore de résultat d'évaluation : une décision pèse les preuves (retirez la candidature ou examinez-la depuis sa page)",
        "nog geen testresultaat: een beslissing weegt het bewijs (trek de kandidatuur in of beoordeel ze vanaf de pagina van de kandidaat)",
    ),
    "you may propose a decision on them, not take it": (
        "vous pouvez proposer une décision, pas la prendre",
        "u kunt een beslissing voorstellen, niet nemen",
    ),
    "Added by the team": ("Ajouté par l'équipe", "Toegevoegd door het team"),
    "Imported from a file": ("Importé d'un fichier", "Geïmporteerd uit een bestand"),
    "Added through the API": ("Ajouté par l'API", "Toegevoegd via de API"),
    "Applied on the public page": ("A postulé sur la page publique", "Gesolliciteerd op de openbare pagina"),
    "not invited yet: send the invitation": (
        "pas encore invité : envoyez l'invitation",
        "nog niet uitgenodigd: stuur de uitnodiging",
    ),
    "past the invitation ({stage})": ("au-delà de l'invitation ({stage})", "voorbij de uitnodiging ({stage})"),
    "no link in force: send a new invitation": (
        "aucun lien en vigueur : envoyez une nouvelle invitation",
        "geen geldige link: stuur een nieuwe uitnodiging",
    ),
    "the link expired on {day}: send a new invitation": (
        "le lien a expiré le {day} : envoyez une nouvelle invitation",
        "de link is verlopen op {day}: stuur een nieuwe uitnodiging",
    ),
    "reminded already at {when} UTC (one reminder a day at most)": (
        "déjà relancé le {when} UTC (une relance par jour au plus)",
        "al herinnerd op {when} UTC (hoogstens één herinnering per dag)",
    ),
    "every opening of {organization}": ("tous les postes de {organization}", "alle vacatures van {organization}"),
    "Not recorded": ("Non enregistrée", "Niet vastgelegd"),
    "choose at least one candidate in the list first.": (
        "choisissez d'abord au moins un candidat dans la liste.",
        "kies eerst minstens één kandidaat in de lijst.",
    ),
    "Invitations and reminders are sent by the opening's recruiters and administrators.": (
        "Les invitations et les relances sont envoyées par les recruteurs et les administrateurs du poste.",
        "Uitnodigingen en herinneringen worden verstuurd door de recruiters en beheerders van de vacature.",
    ),
    " Not reminded: {who}.": (" Pas relancés : {who}.", " Niet herinnerd: {who}."),
    " The e-mails telling them wait until {at} UTC.": (
        " Les e-mails qui les en informent attendent jusqu'à {at} UTC.",
        " De e-mails die hen dat melden wachten tot {at} UTC.",
    ),
    " No e-mail is sent to them.": (" Aucun e-mail ne leur est envoyé.", " Er wordt hun geen e-mail gestuurd."),
    " You can undo this until {at} UTC.": (
        " Vous pouvez annuler jusqu'à {at} UTC.",
        " U kunt dit ongedaan maken tot {at} UTC.",
    ),
    "nothing was undone: {why}.": ("rien n'a été annulé : {why}.", "er werd niets ongedaan gemaakt: {why}."),
    "Confirm the advances": ("Confirmer les passages à l'entretien", "De doorgangen bevestigen"),
    "Advance these candidates to the interview?": (
        "Faire passer ces candidats à l'entretien ?",
        "Deze kandidaten doorlaten naar het gesprek?",
    ),
    "Nothing was decided. Please fix what is marked below:": (
        "Rien n'a été décidé. Corrigez ce qui est indiqué ci-dessous :",
        "Er werd niets beslist. Verbeter wat hieronder is aangeduid:",
    ),
    "None of the chosen candidates can be advanced here.": (
        "Aucun des candidats choisis ne peut passer à l'entretien ici.",
        "Geen van de gekozen kandidaten kan hier worden doorgelaten.",
    ),
    "Left out:": ("Laissés de côté :", "Weggelaten:"),
    "Your reason, in your own words": ("Votre raison, avec vos mots", "Uw reden, in uw eigen woorden"),
    "Cancel": ("Annuler", "Annuleren"),
    "Confirm the invitations": ("Confirmer les invitations", "De uitnodigingen bevestigen"),
    "Send the assessment invitation?": (
        "Envoyer l'invitation à l'évaluation ?",
        "De uitnodiging voor de test versturen?",
    ),
    "invited before, sent again": ("déjà invité, envoyé à nouveau", "eerder uitgenodigd, opnieuw verstuurd"),
    "None of the chosen candidates can be invited: each has already started the assessment.": (
        "Aucun des candidats choisis ne peut être invité : chacun a déjà commencé l'évaluation.",
        "Geen van de gekozen kandidaten kan worden uitgenodigd: elk is al aan de test begonnen.",
    ),
    "Left out, because they have already started the assessment or gone further:": (
        "Laissés de côté, parce qu'ils ont déjà commencé l'évaluation ou sont allés plus loin :",
        "Weggelaten, omdat ze al aan de test begonnen zijn of verder staan:",
    ),
    "Nothing was done": ("Rien n'a été fait", "Er werd niets gedaan"),
    "Some of the chosen candidates are not candidates of %(title)s (another opening's, or erased), so nothing was done to anyone: no invitation, reminder or decision. Choose the candidates again in this opening's list.": (
        "Certains des candidats choisis ne sont pas candidats au poste %(title)s (ceux d'un autre poste, ou effacés) ; rien n'a donc été fait pour personne : ni invitation, ni relance, ni décision. Choisissez à nouveau les candidats dans la liste de ce poste.",
        "Sommige gekozen kandidaten zijn geen kandidaten voor %(title)s (van een andere vacature, of gewist), dus werd er voor niemand iets gedaan: geen uitnodiging, herinnering of beslissing. Kies de kandidaten opnieuw in de lijst van deze vacature.",
    ),
    "Back to %(title)s": ("Retour à %(title)s", "Terug naar %(title)s"),
    "Confirm the rejections": ("Confirmer les refus", "De afwijzingen bevestigen"),
    "Reject these candidates?": ("Refuser ces candidats ?", "Deze kandidaten afwijzen?"),
    "None of the chosen candidates can be rejected here.": (
        "Aucun des candidats choisis ne peut être refusé ici.",
        "Geen van de gekozen kandidaten kan hier worden afgewezen.",
    ),
    "Reason for the rejection (the organisation's list)": (
        "Motif du refus (la liste de l'organisation)",
        "Reden van de afwijzing (de lijst van de organisatie)",
    ),
    "— choose —": ("— choisir —", "— kiezen —"),
    "Your reason, in your own words (required)": (
        "Votre raison, avec vos mots (obligatoire)",
        "Uw reden, in uw eigen woorden (verplicht)",
    ),
    "E-mail each candidate that their application goes no further (sent after the %(minutes)s-minute undo window)": (
        "Écrire à chaque candidat que sa candidature s'arrête là (envoyé après le délai d'annulation de %(minutes)s minutes)",
        "Elke kandidaat mailen dat de kandidatuur niet verder gaat (verstuurd na de annuleringstermijn van %(minutes)s minuten)",
    ),
    "For %(minutes)s minutes you can undo this from the opening's page: the candidates are then put on hold instead (the log keeps both decisions), and no e-mail leaves.": (
        "Pendant %(minutes)s minutes, vous pouvez annuler depuis la page du poste : les candidats sont alors mis en attente à la place (le journal garde les deux décisions), et aucun e-mail ne part.",
        "Gedurende %(minutes)s minuten kunt u dit ongedaan maken vanaf de pagina van de vacature: de kandidaten worden dan in de wacht gezet (het logboek bewaart beide beslissingen), en er vertrekt geen e-mail.",
    ),
    "Confirm the reminders": ("Confirmer les relances", "De herinneringen bevestigen"),
    "Remind these candidates of their assessment?": (
        "Relancer ces candidats pour leur évaluation ?",
        "Deze kandidaten aan hun test herinneren?",
    ),
    "link sent %(sent)s": ("lien envoyé le %(sent)s", "link verstuurd op %(sent)s"),
    "opened %(at)s": ("ouvert le %(at)s", "geopend op %(at)s"),
    "not opened yet": ("pas encore ouvert", "nog niet geopend"),
    "valid until %(until)s UTC": ("valable jusqu'au %(until)s UTC", "geldig tot %(until)s UTC"),
    "None of the chosen candidates can be reminded now.": (
        "Aucun des candidats choisis ne peut être relancé maintenant.",
        "Geen van de gekozen kandidaten kan nu worden herinnerd.",
    ),
    "Find a candidate": ("Trouver un candidat", "Een kandidaat zoeken"),
    "Name or e-mail address (any part)": (
        "Nom ou adresse e-mail (n'importe quelle partie)",
        "Naam of e-mailadres (een deel volstaat)",
    ),
    "Candidates found": ("Candidats trouvés", "Gevonden kandidaten"),
    "results": ("résultats", "resultaten"),
    "No candidate matches “%(search)s” in the openings you may see.": (
        "Aucun candidat ne correspond à « %(search)s » dans les postes que vous pouvez voir.",
        "Geen kandidaat komt overeen met ‘%(search)s’ in de vacatures die u mag zien.",
    ),
    "Funnel: %(title)s": ("Entonnoir : %(title)s", "Trechter: %(title)s"),
    "A candidate who reached a stage passed every one before it; the time in a stage counts from entering it to leaving it, over those who have left it (the stage changes the audit log records).": (
        "Un candidat qui a atteint une étape est passé par toutes les précédentes ; le temps passé dans une étape compte de l'entrée à la sortie, pour ceux qui l'ont quittée (les changements d'étape enregistrés dans le journal d'audit).",
        "Een kandidaat die een fase bereikte, doorliep alle fasen ervoor; de tijd in een fase telt van binnenkomen tot verlaten, over wie ze al verliet (de fasewijzigingen uit het auditlogboek).",
    ),
    "Download as CSV": ("Télécharger en CSV", "Downloaden als CSV"),
    "Candidates who reached each stage": ("Candidats ayant atteint chaque étape", "Kandidaten die elke fase bereikten"),
    "The table below gives the same figures.": (
        "Le tableau ci-dessous donne les mêmes chiffres.",
        "De tabel hieronder geeft dezelfde cijfers.",
    ),
    "Each stage": ("Chaque étape", "Elke fase"),
    "Reached": ("Atteinte", "Bereikt"),
    "On to the next": ("Passés à la suivante", "Door naar de volgende"),
    "Median days in it": ("Jours médians dans l'étape", "Mediaan aantal dagen erin"),
    "There now": ("Là maintenant", "Er nu"),
    "Left from it (rejected or withdrew)": (
        "Sortis à cette étape (refusés ou retirés)",
        "Hier vertrokken (afgewezen of teruggetrokken)",
    ),
    "%(n)s moved on": ("%(n)s sont passés plus loin", "%(n)s gingen verder"),
    "In all: %(rejected)s rejected, %(withdrawn)s withdrew.": (
        "Au total : %(rejected)s refusés, %(withdrawn)s retirés.",
        "In totaal: %(rejected)s afgewezen, %(withdrawn)s teruggetrokken.",
    ),
    "Where candidates came from": ("D'où viennent les candidats", "Waar kandidaten vandaan kwamen"),
    "How far the candidates of each source got (how many reached each stage)": (
        "Jusqu'où sont allés les candidats de chaque source (combien ont atteint chaque étape)",
        "Hoe ver de kandidaten van elke bron kwamen (hoeveel elke fase bereikten)",
    ),
    "Source": ("Source", "Bron"),
    "Share hired": ("Part engagée", "Aandeel aangenomen"),
    "Candidates added before sources were recorded count as added by the team.": (
        "Les candidats ajoutés avant l'enregistrement des sources comptent comme ajoutés par l'équipe.",
        "Kandidaten die werden toegevoegd voordat bronnen werden vastgelegd, tellen als toegevoegd door het team.",
    ),
    "New candidates per week": ("Nouveaux candidats par semaine", "Nieuwe kandidaten per week"),
    "Candidates added per week, the last %(n)s weeks": (
        "Candidats ajoutés par semaine, les %(n)s dernières semaines",
        "Kandidaten toegevoegd per week, de laatste %(n)s weken",
    ),
    "Candidates added per week": ("Candidats ajoutés par semaine", "Kandidaten toegevoegd per week"),
    'Title': ('Intitulé', 'Titel'),
    "The playbook's own language": ('La langue du playbook', 'De eigen taal van het playbook'),
    "Candidates' default language": ('Langue par défaut des candidats', 'Standaardtaal van de kandidaten'),
    "Used when neither the invitation nor the candidate's browser names a language the playbook is in.": ("Utilisée quand ni l'invitation ni le navigateur du candidat n'indiquent une langue du playbook.", 'Gebruikt wanneer noch de uitnodiging noch de browser van de kandidaat een taal van het playbook noemt.'),
    'E-mail': ('E-mail', 'E-mail'),
    'Extra time (%)': ('Temps supplémentaire (%)', 'Extra tijd (%)'),
    'Not allowed': ('Non autorisé', 'Niet toegestaan'),
    'Your role does not give access to this page.': ('Votre rôle ne donne pas accès à cette page.', 'Uw rol geeft geen toegang tot deze pagina.'),
    'If your work needs it, ask an administrator of your organisation.': ('Si votre travail le demande, adressez-vous à un administrateur de votre organisation.', 'Als uw werk het vraagt, wend u dan tot een beheerder van uw organisatie.'),
    'Back to your start page': ("Retour à votre page d'accueil", 'Terug naar uw startpagina'),
    'Sign in': ('Se connecter', 'Aanmelden'),
    'Not found': ('Introuvable', 'Niet gevonden'),
    'There is no such page here, or it is not one you may see.': ("Cette page n'existe pas ici, ou vous ne pouvez pas la voir.", 'Deze pagina bestaat hier niet, of u mag ze niet zien.'),
    'Import candidates': ('Importer des candidats', 'Kandidaten importeren'),
    'Import candidates into %(title)s': ('Importer des candidats dans %(title)s', 'Kandidaten importeren in %(title)s'),
    'A CSV file whose first line names the columns <code>name</code>, <code>email</code> and optionally <code>extra_time_percent</code> (commas, semicolons or tabs; UTF-8 or Windows-1252). Nothing is imported until every row is valid.': ("Un fichier CSV dont la première ligne nomme les colonnes <code>name</code>, <code>email</code> et, au besoin, <code>extra_time_percent</code> (virgules, points-virgules ou tabulations ; UTF-8 ou Windows-1252). Rien n'est importé tant que chaque ligne n'est pas valable.", "Een CSV-bestand waarvan de eerste regel de kolommen <code>name</code>, <code>email</code> en eventueel <code>extra_time_percent</code> noemt (komma's, puntkomma's of tabs; UTF-8 of Windows-1252). Er wordt niets geïmporteerd zolang niet elke regel geldig is."),
    'The file was not imported': ("Le fichier n'a pas été importé", 'Het bestand werd niet geïmporteerd'),
    'Line %(line)s:': ('Ligne %(line)s :', 'Regel %(line)s:'),
    'CSV file': ('Fichier CSV', 'CSV-bestand'),
    'Import': ('Importer', 'Importeren'),
    'Add a candidate to %(title)s': ('Ajouter un candidat à %(title)s', 'Een kandidaat toevoegen aan %(title)s'),
    'Add': ('Ajouter', 'Toevoegen'),
    'Create the opening': ('Créer le poste', 'De vacature aanmaken'),
}

# Messages with a plural: (singular, plural) -> ((French one, French many), (Dutch one, Dutch many)).
PLURALS: dict[tuple[str, str], tuple[tuple[str, str], tuple[str, str]]] = {
    ("%(n)s e-mail could not be sent", "%(n)s e-mails could not be sent"): (
        ("%(n)s e-mail n'a pas pu être envoyé", "%(n)s e-mails n'ont pas pu être envoyés"),
        ("%(n)s e-mail kon niet worden verstuurd", "%(n)s e-mails konden niet worden verstuurd"),
    ),
    ("%(n)s screening question from the playbook.", "%(n)s screening questions from the playbook."): (
        ("%(n)s question de présélection du playbook.", "%(n)s questions de présélection du playbook."),
        ("%(n)s screeningvraag uit het playbook.", "%(n)s screeningvragen uit het playbook."),
    ),
    ("Pipeline (%(n)s candidate)", "Pipeline (%(n)s candidates)"): (
        ("Suivi (%(n)s candidat)", "Suivi (%(n)s candidats)"),
        ("Pijplijn (%(n)s kandidaat)", "Pijplijn (%(n)s kandidaten)"),
    ),
    ("You rejected %(n)s candidate at %(at)s UTC", "You rejected %(n)s candidates at %(at)s UTC"): (
        ("Vous avez refusé %(n)s candidat à %(at)s UTC", "Vous avez refusé %(n)s candidats à %(at)s UTC"),
        ("U hebt %(n)s kandidaat afgewezen om %(at)s UTC", "U hebt %(n)s kandidaten afgewezen om %(at)s UTC"),
    ),
    (" {n} skipped: past the invitation.", " {n} skipped: past the invitation."): (
        (" {n} laissé de côté : au-delà de l'invitation.", " {n} laissés de côté : au-delà de l'invitation."),
        (" {n} overgeslagen: voorbij de uitnodiging.", " {n} overgeslagen: voorbij de uitnodiging."),
    ),
    ("{n} invitation sent.", "{n} invitations sent."): (
        ("{n} invitation envoyée.", "{n} invitations envoyées."),
        ("{n} uitnodiging verstuurd.", "{n} uitnodigingen verstuurd."),
    ),
    (
        "{n} invitation recorded, not all sent yet: {why}. Each candidate's page shows their e-mail.",
        "{n} invitations recorded, not all sent yet: {why}. Each candidate's page shows their e-mail.",
    ): (
        (
            "{n} invitation enregistrée, pas encore envoyée : {why}. La page du candidat montre son e-mail.",
            "{n} invitations enregistrées, pas toutes envoyées : {why}. La page de chaque candidat montre son e-mail.",
        ),
        (
            "{n} uitnodiging vastgelegd, nog niet verstuurd: {why}. De pagina van de kandidaat toont de e-mail.",
            "{n} uitnodigingen vastgelegd, nog niet alle verstuurd: {why}. De pagina van elke kandidaat toont de e-mail.",
        ),
    ),
    ("{n} reminder sent.", "{n} reminders sent."): (
        ("{n} relance envoyée.", "{n} relances envoyées."),
        ("{n} herinnering verstuurd.", "{n} herinneringen verstuurd."),
    ),
    (
        "{n} reminder recorded, not all sent yet: {why}. Each candidate's page shows their e-mail.",
        "{n} reminders recorded, not all sent yet: {why}. Each candidate's page shows their e-mail.",
    ): (
        (
            "{n} relance enregistrée, pas encore envoyée : {why}. La page du candidat montre son e-mail.",
            "{n} relances enregistrées, pas toutes envoyées : {why}. La page de chaque candidat montre son e-mail.",
        ),
        (
            "{n} herinnering vastgelegd, nog niet verstuurd: {why}. De pagina van de kandidaat toont de e-mail.",
            "{n} herinneringen vastgelegd, nog niet alle verstuurd: {why}. De pagina van elke kandidaat toont de e-mail.",
        ),
    ),
    (
        "{n} candidate advanced to the interview. Their page shows the decision; plan the interview from there.",
        "{n} candidates advanced to the interview. Each candidate's page shows the decision; plan the interviews from there.",
    ): (
        (
            "{n} candidat passe à l'entretien. Sa page montre la décision ; planifiez l'entretien depuis là.",
            "{n} candidats passent à l'entretien. La page de chaque candidat montre la décision ; planifiez les entretiens depuis là.",
        ),
        (
            "{n} kandidaat doorgelaten naar het gesprek. De pagina toont de beslissing; plan het gesprek van daaruit.",
            "{n} kandidaten doorgelaten naar het gesprek. De pagina van elke kandidaat toont de beslissing; plan de gesprekken van daaruit.",
        ),
    ),
    ("{n} candidate rejected.", "{n} candidates rejected."): (
        ("{n} candidat refusé.", "{n} candidats refusés."),
        ("{n} kandidaat afgewezen.", "{n} kandidaten afgewezen."),
    ),
    (
        "Undone: {n} candidate is on hold instead of rejected",
        "Undone: {n} candidates are on hold instead of rejected",
    ): (
        (
            "Annulé : {n} candidat est en attente au lieu d'être refusé",
            "Annulé : {n} candidats sont en attente au lieu d'être refusés",
        ),
        (
            "Ongedaan gemaakt: {n} kandidaat staat in de wacht in plaats van afgewezen",
            "Ongedaan gemaakt: {n} kandidaten staan in de wacht in plaats van afgewezen",
        ),
    ),
    (", and {n} e-mail was stopped before leaving.", ", and {n} e-mails were stopped before leaving."): (
        (", et {n} e-mail a été arrêté avant de partir.", ", et {n} e-mails ont été arrêtés avant de partir."),
        (", en {n} e-mail werd tegengehouden voor vertrek.", ", en {n} e-mails werden tegengehouden voor vertrek."),
    ),
    (
        "This candidate is advanced to the interview as your own decision, with the reason below (the decision is in the audit log with your name). A decision that departs from the recommendation needs a reason.",
        "Each of these %(n)s candidates is advanced to the interview as your own decision, with the reason below (each decision is in the audit log with your name). A decision that departs from the recommendation needs a reason.",
    ): (
        (
            "Ce candidat passe à l'entretien par votre propre décision, avec la raison ci-dessous (la décision est dans le journal d'audit à votre nom). Une décision qui s'écarte de la recommandation demande une raison.",
            "Chacun de ces %(n)s candidats passe à l'entretien par votre propre décision, avec la raison ci-dessous (chaque décision est dans le journal d'audit à votre nom). Une décision qui s'écarte de la recommandation demande une raison.",
        ),
        (
            "Deze kandidaat gaat door naar het gesprek als uw eigen beslissing, met de reden hieronder (de beslissing staat op uw naam in het auditlogboek). Een beslissing die afwijkt van de aanbeveling vraagt een reden.",
            "Elk van deze %(n)s kandidaten gaat door naar het gesprek als uw eigen beslissing, met de reden hieronder (elke beslissing staat op uw naam in het auditlogboek). Een beslissing die afwijkt van de aanbeveling vraagt een reden.",
        ),
    ),
    ("Advance %(n)s candidate", "Advance %(n)s candidates"): (
        ("Faire passer %(n)s candidat", "Faire passer %(n)s candidats"),
        ("%(n)s kandidaat doorlaten", "%(n)s kandidaten doorlaten"),
    ),
    (
        "This candidate gets a new personal link by e-mail (a link sent earlier stops working):",
        "Each of these %(n)s candidates gets a new personal link by e-mail (a link sent earlier stops working):",
    ): (
        (
            "Ce candidat reçoit un nouveau lien personnel par e-mail (un lien envoyé plus tôt cesse de fonctionner) :",
            "Chacun de ces %(n)s candidats reçoit un nouveau lien personnel par e-mail (un lien envoyé plus tôt cesse de fonctionner) :",
        ),
        (
            "Deze kandidaat krijgt per e-mail een nieuwe persoonlijke link (een eerder verstuurde link werkt niet meer):",
            "Elk van deze %(n)s kandidaten krijgt per e-mail een nieuwe persoonlijke link (een eerder verstuurde link werkt niet meer):",
        ),
    ),
    ("Send %(n)s invitation", "Send %(n)s invitations"): (
        ("Envoyer %(n)s invitation", "Envoyer %(n)s invitations"),
        ("%(n)s uitnodiging versturen", "%(n)s uitnodigingen versturen"),
    ),
    (
        "This candidate is rejected as your own decision, with the reason and the disposition below (the decision is in the audit log with your name):",
        "Each of these %(n)s candidates is rejected as your own decision, with the reason and the disposition below (each decision is in the audit log with your name):",
    ): (
        (
            "Ce candidat est refusé par votre propre décision, avec la raison et le motif ci-dessous (la décision est dans le journal d'audit à votre nom) :",
            "Chacun de ces %(n)s candidats est refusé par votre propre décision, avec la raison et le motif ci-dessous (chaque décision est dans le journal d'audit à votre nom) :",
        ),
        (
            "Deze kandidaat wordt afgewezen als uw eigen beslissing, met de reden en de motivering hieronder (de beslissing staat op uw naam in het auditlogboek):",
            "Elk van deze %(n)s kandidaten wordt afgewezen als uw eigen beslissing, met de reden en de motivering hieronder (elke beslissing staat op uw naam in het auditlogboek):",
        ),
    ),
    ("Reject %(n)s candidate", "Reject %(n)s candidates"): (
        ("Refuser %(n)s candidat", "Refuser %(n)s candidats"),
        ("%(n)s kandidaat afwijzen", "%(n)s kandidaten afwijzen"),
    ),
    (
        "This candidate gets an e-mail with their personal link in force (the same link, so it expires when it did):",
        "Each of these %(n)s candidates gets an e-mail with their personal link in force (the same link, so it expires when it did):",
    ): (
        (
            "Ce candidat reçoit un e-mail avec son lien personnel en vigueur (le même lien, qui expire donc à la même date) :",
            "Chacun de ces %(n)s candidats reçoit un e-mail avec son lien personnel en vigueur (le même lien, qui expire donc à la même date) :",
        ),
        (
            "Deze kandidaat krijgt een e-mail met de geldige persoonlijke link (dezelfde link, die dus op hetzelfde moment verloopt):",
            "Elk van deze %(n)s kandidaten krijgt een e-mail met de geldige persoonlijke link (dezelfde link, die dus op hetzelfde moment verloopt):",
        ),
    ),
    ("reminded once before", "reminded %(n)s times before"): (
        ("déjà relancé une fois", "déjà relancé %(n)s fois"),
        ("al eens herinnerd", "al %(n)s keer herinnerd"),
    ),
    ("Send %(n)s reminder", "Send %(n)s reminders"): (
        ("Envoyer %(n)s relance", "Envoyer %(n)s relances"),
        ("%(n)s herinnering versturen", "%(n)s herinneringen versturen"),
    ),
    ("%(n)s candidate in the openings you may see.", "%(n)s candidates in the openings you may see."): (
        (
            "%(n)s candidat dans les postes que vous pouvez voir.",
            "%(n)s candidats dans les postes que vous pouvez voir.",
        ),
        ("%(n)s kandidaat in de vacatures die u mag zien.", "%(n)s kandidaten in de vacatures die u mag zien."),
    ),
    ("%(n)s candidate.", "%(n)s candidates."): (
        ("%(n)s candidat.", "%(n)s candidats."),
        ("%(n)s kandidaat.", "%(n)s kandidaten."),
    ),
}
