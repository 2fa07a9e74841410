"""Demo consultations: two drafts of local decisions put to the public by demo city halls.

- Cluj-Napoca City Hall consults on a draft regulation on budget transparency, in Romanian; it
  is open for comments for two more weeks, with most comments already answered and a couple of
  reports waiting in the moderators' queue.
- Lviv City Council's executive committee consulted on draft rules for public spaces, in
  Ukrainian; comments have closed, every proposal has a reasoned response, some paragraphs were
  changed or dropped, and the consultation report is published.

Each has comments by demo residents (in the document's language), one level of replies,
supports, one comment hidden by the moderator with its entry in the log, and titles and summaries
in the four languages of the platform. The consultation, its document, the final text, hiding and
the report go through the services; comments, supports and responses are written in bulk (a
person's comment would also go through the rate limits, which a demo has no use for). Called by
`opencity demo`; loaded once (a second run changes nothing).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone, translation

from opencity.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from opencity.consultations import services
from opencity.consultations.models import (
    AbuseReport,
    Comment,
    Consultation,
    Outcome,
    Paragraph,
    Response,
    Support,
)

PersonMaker = Callable[..., User]

A = Outcome.ACCEPTED
P = Outcome.PARTLY_ACCEPTED
N = Outcome.NOT_ACCEPTED
S = Outcome.OUT_OF_SCOPE


@dataclass(frozen=True)
class DemoComment:
    paragraph: int | None  # the paragraph's number in the document; None: the whole document
    text: str
    outcome: str = ""  # empty: no response yet
    reason: str = ""
    supports: int = 0
    replies: tuple[str, ...] = ()
    hidden: str = ""  # the moderator's reason, when hidden
    reported: str = ""  # an abuse report left for the moderators to decide


@dataclass(frozen=True)
class DemoConsultation:
    slug: str
    home: tuple[str, str]  # (country code, municipality's English name in the register)
    language: str
    title: dict[str, str]
    summary: dict[str, str]
    opened_days_ago: int
    closes_in_days: int
    sections: list[tuple[str, list[str]]]
    comments: list[DemoComment]
    residents: list[str]  # display names ("" for people who show no name)
    final: dict[int, str | None] | None = None  # paragraph → final text (None: removed)
    report_summary: str = ""


BUDGET = DemoConsultation(
    slug="cluj-budget-transparency-regulation",
    home=("RO", "Cluj-Napoca"),
    language="ro",
    title={
        "en": "Draft regulation on the transparency of the local budget",
        "ro": "Proiect de regulament privind transparența bugetului local",
        "uk": "Проєкт положення про прозорість місцевого бюджету",
        "bg": "Проект на наредба за прозрачността на местния бюджет",
    },
    summary={
        "en": "How the city publishes its budget, spending and contracts as open data, and how "
        "residents take part in preparing the budget. Comment on any paragraph until the date "
        "below; every comment gets a reasoned answer.",
        "ro": "Cum publică orașul bugetul, cheltuielile și contractele ca date deschise și cum "
        "participă locuitorii la pregătirea bugetului. Comentați orice paragraf până la data de "
        "mai jos; fiecare comentariu primește un răspuns motivat.",
        "uk": "Як місто оприлюднює бюджет, видатки й договори як відкриті дані та як мешканці "
        "долучаються до підготовки бюджету. Коментуйте будь-який абзац до вказаної дати; кожен "
        "коментар отримає вмотивовану відповідь.",
        "bg": "Как градът публикува бюджета, разходите и договорите като отворени данни и как "
        "жителите участват в подготовката на бюджета. Коментирайте всеки абзац до посочената "
        "дата; всеки коментар получава мотивиран отговор.",
    },
    opened_days_ago=10,
    closes_in_days=14,
    sections=[
        (
            "Capitolul I. Dispoziții generale",
            [
                "Prezentul regulament stabilește regulile prin care Primăria municipiului "
                "Cluj-Napoca publică informațiile privind bugetul local, execuția bugetară și "
                "achizițiile publice.",
                "Regulamentul se aplică aparatului de specialitate al primarului, serviciilor "
                "publice subordonate și societăților la care municipiul este acționar majoritar.",
                "Informațiile se publică în format deschis, care poate fi citit de calculator, "
                "fără înregistrare și fără taxă, sub licența Creative Commons Atribuire 4.0.",
                "Datele cu caracter personal ale persoanelor fizice sunt anonimizate înainte de "
                "publicare, cu excepția celor pe care legea le declară publice.",
            ],
        ),
        (
            "Capitolul II. Publicarea bugetului și a execuției bugetare",
            [
                "Proiectul bugetului local se publică pe portalul de date deschise cu cel puțin "
                "30 de zile înainte de dezbaterea în Consiliul Local.",
                "Execuția bugetară se publică lunar, până la data de 15 a lunii următoare, "
                "detaliată pe capitole, subcapitole și titluri de cheltuieli.",
                "Rectificările bugetare se publică în ziua aprobării, împreună cu o notă care "
                "explică în limbaj accesibil ce s-a modificat și de ce.",
                "Primăria publică anual un „buget pe înțelesul tuturor”, cu grafice și exemple, "
                "în limba română și în limba maghiară.",
                "Datoria publică locală și garanțiile acordate se publică trimestrial.",
            ],
        ),
        (
            "Capitolul III. Contracte și plăți",
            [
                "Toate contractele de achiziție publică și actele adiționale se publică integral "
                "în termen de 5 zile lucrătoare de la semnare.",
                "Plățile mai mari de 5.000 de lei se publică săptămânal, cu beneficiarul, suma, "
                "data și contractul la care se referă.",
                "Subvențiile și finanțările nerambursabile acordate organizațiilor se publică cu "
                "beneficiarul, proiectul, suma și raportul final.",
                "Pentru fiecare investiție de peste 1 milion de lei se publică o fișă cu stadiul "
                "lucrărilor, actualizată lunar.",
            ],
        ),
        (
            "Capitolul IV. Participarea locuitorilor",
            [
                "Înainte de elaborarea proiectului de buget, Primăria organizează cel puțin două "
                "dezbateri publice, dintre care una online.",
                "Locuitorii pot depune propuneri pentru bugetul anului următor până la 1 "
                "octombrie, prin formularul de pe portal sau la registratură.",
                "Fiecare propunere primește un răspuns motivat, publicat împreună cu propunerea, "
                "în cel mult 30 de zile.",
                "Cel puțin 1% din bugetul de investiții se alocă proiectelor votate de locuitori "
                "prin bugetare participativă.",
                "Respectarea regulamentului este verificată anual de Direcția de audit public "
                "intern, al cărei raport se publică.",
            ],
        ),
    ],
    residents=[
        "Andrei Pop",
        "Ioana M.",
        "Mihai Rusu",
        "",
        "Elena Vasilescu",
        "Radu Ionescu",
        "Ana Sabău",
        "",
        "Cristian Moldovan",
        "Lavinia T.",
        "Sorin Bălan",
        "Maria Kovács",
    ],
    comments=[
        DemoComment(
            5,
            "30 de zile sunt prea puține pentru ca asociațiile să analizeze un buget de peste "
            "un miliard de lei. Propun 45 de zile.",
            A,
            "Acceptăm: termenul devine 45 de zile, ca organizațiile să aibă timp de analiză.",
            14,
            (
                "De acord, anul trecut proiectul a apărut cu o săptămână înainte de vot.",
                "Și să fie publicat și în format Excel, nu doar PDF.",
            ),
        ),
        DemoComment(
            6,
            "Execuția lunară ar trebui publicată și pe surse de finanțare, nu doar pe capitole, "
            "ca să vedem ce se plătește din fonduri europene.",
            P,
            "Vom publica sursa de finanțare pentru investiții; pentru cheltuielile curente "
            "sistemul contabil nu permite încă această detaliere.",
            9,
        ),
        DemoComment(
            6,
            "Termenul de 15 ale lunii este realist? Trezoreria închide luna abia după 10.",
            A,
            "Da: am verificat cu Direcția economică; datele trezoreriei sunt disponibile din 8.",
            2,
        ),
        DemoComment(
            9,
            "Ce înseamnă „trimestrial”? La final de trimestru sau în 30 de zile după?",
            A,
            "În 30 de zile de la încheierea trimestrului; am precizat în text.",
            3,
        ),
        DemoComment(
            10,
            "Contractele trebuie publicate cu anexele tehnice și cu oferta câștigătoare, altfel "
            "nu se poate verifica nimic.",
            P,
            "Publicăm caietul de sarcini și oferta financiară; oferta tehnică poate conține "
            "secrete comerciale, pe care le vom acoperi înainte de publicare.",
            21,
            ("Exact, la lucrările de la parcul central nu se știa nici măcar termenul.",),
        ),
        DemoComment(
            11,
            "Pragul de 5.000 de lei e prea mare, multe plăți mici se repetă la același furnizor. "
            "Publicați toate plățile.",
            N,
            "Sunt peste 40.000 de plăți mici pe an; le publicăm agregat lunar pe furnizor, ceea "
            "ce arată și plățile repetate.",
            11,
        ),
        DemoComment(
            12,
            "Ar fi util să apară și cine a evaluat proiectele finanțate, nu doar beneficiarii.",
            A,
            "Acceptăm: publicăm componența comisiei de evaluare și punctajele.",
            6,
        ),
        DemoComment(
            13,
            "Fișa investiției să aibă și fotografii de pe șantier și penalitățile aplicate "
            "constructorului.",
            P,
            "Penalitățile da; fotografiile le publicăm la recepția fiecărei etape.",
            8,
        ),
        DemoComment(
            14,
            "Dezbaterile să fie seara, după ora 18, altfel oamenii care lucrează nu pot veni.",
            A,
            "Acceptăm: dezbaterile în sală încep la 18:00 și sunt transmise online.",
            17,
            ("Și cu înregistrare publicată după, pentru cei care nu pot urmări live.",),
        ),
        DemoComment(
            15,
            "1 octombrie e prea târziu, bugetul se scrie din august. Propun 1 septembrie.",
            N,
            "Direcțiile primesc limitele de cheltuieli în septembrie; propunerile de până la 1 "
            "octombrie ajung încă la timp în proiect.",
            4,
        ),
        DemoComment(
            17,
            "1% este simbolic. Orașe mai mici alocă 5% pentru bugetare participativă.",
            P,
            "Propunem 2% din 2027 și o evaluare după doi ani, înainte de a crește procentul.",
            25,
            (
                "Și cu vot online cu verificare, nu doar la urnă.",
                "Contează mai mult ca proiectele votate chiar să fie realizate.",
            ),
        ),
        DemoComment(
            18,
            "Auditul intern depinde de primar. Verificarea ar trebui făcută și de o comisie cu "
            "membri din societatea civilă.",
            S,
            "Controlul extern ține de Curtea de Conturi; o comisie consultativă poate fi propusă "
            "printr-o hotărâre separată a Consiliului Local.",
            7,
        ),
        DemoComment(
            None,
            "Un regulament bun. Ar trebui să existe și un calendar anual cu toate datele de "
            "publicare, ca să știm când să verificăm.",
            A,
            "Acceptăm: calendarul va fi anexă la regulament și pe portal.",
            12,
        ),
        DemoComment(
            None,
            "Toate datele ar trebui să aibă un API, nu doar fișiere de descărcat.",
            "",
            "",
            5,
        ),
        DemoComment(3, "Licența CC BY 4.0 e o alegere bună, mulțumesc.", "", "", 1),
        DemoComment(
            4,
            "Anonimizarea să nu ascundă numele firmelor, doar al persoanelor fizice.",
            "",
            "",
            6,
        ),
        DemoComment(
            8,
            "Versiunea în limba maghiară e binevenită. Și una în format ușor de citit, pentru "
            "persoanele cu dizabilități intelectuale.",
            "",
            "",
            3,
        ),
        DemoComment(
            1,
            "Regulamentul ar trebui să se aplice și regiilor autonome, nu doar societăților.",
            A,
            "Acceptăm: regiile autonome sunt adăugate în domeniul de aplicare.",
            9,
        ),
        DemoComment(
            5,
            "Proiectul de buget să fie publicat și cu comparația față de anul trecut, pe linii.",
            A,
            "Acceptăm: fiecare linie va avea și suma aprobată și executată în anul anterior.",
            13,
            ("Foarte util, altfel nu vezi unde s-a tăiat.",),
        ),
        DemoComment(
            11,
            "Ce se întâmplă cu plățile din contractele de întreținere a spațiilor verzi? Sunt "
            "multe și mici.",
            "",
            "",
            4,
        ),
        DemoComment(
            16,
            "Răspunsul în 30 de zile e bun, dar să fie trimis și pe e-mail celui care a propus.",
            A,
            "Acceptăm: autorul primește răspunsul și pe e-mail.",
            5,
        ),
        DemoComment(
            18,
            "Raportul de audit să fie publicat integral, nu doar concluziile.",
            P,
            "Publicăm raportul integral, cu excepția datelor personale și a celor clasificate.",
            10,
        ),
        DemoComment(
            2,
            "Toți funcționarii ăștia sunt niște hoți, nu merită niciun leu!!!",
            hidden="Insulte la adresa unor persoane, contrare regulilor de discuție.",
        ),
        DemoComment(
            16,
            "Vindem apartamente ieftine în Florești, sunați acum la numărul din profil.",
            reported="Reclamă, nu are legătură cu regulamentul.",
        ),
        DemoComment(
            7,
            "Nota explicativă la rectificare să fie scrisă de cineva care nu e economist.",
            "",
            "",
            2,
            reported="Jignitor la adresa economiștilor.",
        ),
    ],
)

PUBLIC_SPACES = DemoConsultation(
    slug="lviv-public-space-rules",
    home=("UA", "Lvivska hromada"),
    language="uk",
    title={
        "en": "Draft decision on the rules for the city's public spaces",
        "uk": "Проєкт рішення про правила користування громадськими просторами міста",
        "ro": "Proiect de decizie privind regulile spațiilor publice ale orașului",
        "bg": "Проект на решение за правилата за обществените пространства на града",
    },
    summary={
        "en": "Rules for squares, parks and streets: terraces, street trade, events, noise and "
        "accessibility. Comments are closed; the report says what was proposed and what the "
        "city did with each proposal.",
        "uk": "Правила для площ, парків і вулиць: літні майданчики, вулична торгівля, заходи, "
        "шум і доступність. Коментування завершено; звіт показує, що запропонували і що місто "
        "зробило з кожною пропозицією.",
        "ro": "Reguli pentru piețe, parcuri și străzi: terase, comerț stradal, evenimente, "
        "zgomot și accesibilitate. Comentariile s-au încheiat; raportul arată ce s-a propus și "
        "ce a făcut orașul cu fiecare propunere.",
        "bg": "Правила за площади, паркове и улици: летни площадки, улична търговия, събития, "
        "шум и достъпност. Коментарите са приключили; докладът показва какво е предложено и "
        "какво градът е направил с всяко предложение.",
    },
    opened_days_ago=60,
    closes_in_days=-25,
    sections=[
        (
            "Розділ 1. Загальні положення",
            [
                "Ці Правила визначають порядок користування площами, вулицями, скверами та "
                "парками Львівської міської територіальної громади.",
                "Громадські простори відкриті для всіх безоплатно, без обмежень за віком, "
                "станом здоров'я чи іншими ознаками.",
                "Контроль за дотриманням Правил здійснює управління муніципальної інспекції.",
            ],
        ),
        (
            "Розділ 2. Літні майданчики та вулична торгівля",
            [
                "Літній майданчик розміщується так, щоб для пішоходів залишалося не менше 2 "
                "метрів вільного тротуару.",
                "Дозвіл на літній майданчик видається на сезон з 1 квітня до 31 жовтня.",
                "Вулична торгівля з лотків дозволяється лише в місцях, визначених схемою, яку "
                "затверджує виконавчий комітет.",
                "На майданчиках забороняється використання пластикового одноразового посуду.",
            ],
        ),
        (
            "Розділ 3. Заходи, шум і порядок",
            [
                "Про масовий захід організатор повідомляє не пізніше ніж за 10 днів.",
                "Після 22:00 звук на відкритих майданчиках не повинен перевищувати 45 дБ біля "
                "житлових будинків.",
                "Вуличні музиканти виступають без дозволу, з 10:00 до 21:00, не довше 2 годин "
                "на одному місці.",
                "Вигул собак у дитячих зонах парків заборонено.",
            ],
        ),
        (
            "Розділ 4. Доступність і благоустрій",
            [
                "Кожен новий або відремонтований громадський простір має безбар'єрний вхід і "
                "лавки зі спинками та підлокітниками.",
                "У кожному парку площею понад 5 гектарів облаштовується безоплатна вбиральня, "
                "доступна для людей з інвалідністю.",
                "Громадськість залучається до обговорення проєкту кожного нового простору до "
                "початку робіт.",
                "Зелені насадження не вирубуються під час облаштування майданчиків без "
                "висновку дендролога, який оприлюднюється.",
            ],
        ),
    ],
    residents=[
        "Оксана Коваль",
        "Тарас Мельник",
        "Ірина Б.",
        "",
        "Андрій Шевчук",
        "Марта Гнатів",
        "Остап Лозинський",
        "",
        "Соломія Федак",
        "Юрій Данилюк",
    ],
    comments=[
        DemoComment(
            4,
            "2 метри замало біля зупинок транспорту. Пропоную 3 метри на вулицях з інтенсивним "
            "пішохідним рухом.",
            A,
            "Враховано: на вулицях із переліку центральних — 3 метри вільного тротуару.",
            19,
            ("Особливо на Городоцькій, там з візком не пройти.",),
        ),
        DemoComment(
            5,
            "Сезон варто продовжити до 15 листопада, цього року осінь була теплою.",
            P,
            "Враховано частково: сезон до 31 жовтня, з правом продовження до 15 листопада без "
            "нової заяви.",
            8,
        ),
        DemoComment(
            6,
            "Схему місць торгівлі треба оприлюднити на карті до її затвердження.",
            A,
            "Враховано: проєкт схеми публікується на карті міста за 30 днів до затвердження.",
            11,
        ),
        DemoComment(
            7,
            "Заборона пластику — добре, але дайте перехідний період для малого бізнесу.",
            P,
            "Враховано частково: заборона діє з наступного сезону, а не з дня ухвалення.",
            6,
            ("Підтримую, кав'ярні вже мають запаси посуду.",),
        ),
        DemoComment(
            8,
            "10 днів — багато для невеликих подій на кшталт сусідських свят. Потрібен "
            "спрощений порядок для заходів до 50 людей.",
            A,
            "Враховано: для заходів до 50 учасників досить повідомлення за 3 дні.",
            15,
        ),
        DemoComment(
            9,
            "45 дБ неможливо виміряти без приладу. Хто і як фіксуватиме порушення?",
            P,
            "Інспектори мають шумоміри; у Правилах додано, що вимір оприлюднюється в протоколі.",
            7,
        ),
        DemoComment(
            10,
            "Обмеження для вуличних музикантів надто суворі, це частина духу міста.",
            N,
            "Не враховано: мешканці центру скаржаться на гучність; 2 години на місці дозволяють "
            "змінювати локації протягом дня.",
            13,
            (
                "Погоджуюся з міською радою, під вікнами той самий репертуар щодня.",
                "А можна хоча б до 22:00 влітку?",
            ),
        ),
        DemoComment(
            11,
            "Потрібні окремі огороджені майданчики для собак, інакше заборона не працюватиме.",
            S,
            "Облаштування майданчиків для собак передбачено програмою благоустрою, а не цими "
            "Правилами.",
            9,
        ),
        DemoComment(
            12,
            "Додайте тактильні смуги та контрастне маркування сходів.",
            A,
            "Враховано: додано до вимог безбар'єрності.",
            10,
        ),
        DemoComment(
            13,
            "5 гектарів — високий поріг, у багатьох менших парках гуляють з дітьми годинами.",
            P,
            "Враховано частково: поріг знижено до 3 гектарів.",
            12,
        ),
        DemoComment(
            14,
            "Обговорення до початку робіт має бути не формальним: з макетом і щонайменше двома "
            "варіантами.",
            A,
            "Враховано: на обговорення виносяться щонайменше два варіанти проєкту.",
            8,
        ),
        DemoComment(
            15,
            "Висновок дендролога мають бачити мешканці до вирубки, а не після.",
            A,
            "Враховано: висновок оприлюднюється щонайменше за 14 днів до робіт.",
            16,
        ),
        DemoComment(
            3,
            "Чи можна подати скаргу онлайн, а не лише телефоном?",
            S,
            "Онлайн-скарги вже приймає міська платформа звернень; це не предмет Правил.",
            2,
        ),
        DemoComment(
            None,
            "Правила корисні, але потрібна зрозуміла коротка версія з піктограмами на входах до "
            "парків.",
            A,
            "Враховано: коротка версія буде розміщена на входах до парків і на сайті.",
            7,
        ),
        DemoComment(
            None,
            "Штрафи за порушення не визначені. Без них правила не виконуватимуть.",
            S,
            "Розміри штрафів встановлює Кодекс про адміністративні правопорушення, а не міська "
            "рада.",
            4,
        ),
        DemoComment(
            1,
            "Варто прямо зазначити, що Правила діють і для внутрішньоквартальних скверів.",
            A,
            "Враховано: сквери у дворах багатоквартирних будинків комунальної власності включено.",
            5,
        ),
        DemoComment(
            6,
            "Торгівля біля шкіл має бути заборонена для алкоголю і тютюну.",
            S,
            "Такі обмеження встановлює закон; місто не може їх змінити цими Правилами.",
            11,
        ),
        DemoComment(
            9,
            "Для дитячих майданчиків біля будинків обмеження шуму вже з 21:00.",
            N,
            "Не враховано: єдина межа 22:00 зрозуміліша; скарги на шум розглядаються окремо.",
            3,
        ),
        DemoComment(
            12,
            "Лавки зі спинками — так, але й тінь: дерева або навіси біля кожної лавки.",
            P,
            "Враховано частково: тінь передбачено для місць відпочинку на дитячих майданчиках.",
            14,
            ("Влітку на площі Ринок без тіні неможливо сидіти.",),
        ),
        DemoComment(
            14,
            "Результати обговорення мають публікуватися разом зі звітом, що змінили в проєкті.",
            A,
            "Враховано: звіт про обговорення оприлюднюється до початку робіт.",
            9,
        ),
        DemoComment(
            2,
            "Ці ваші правила писали ідіоти, які ніколи не виходили з кабінету.",
            hidden="Образи на адресу людей, а не обговорення тексту.",
        ),
    ],
    final={
        4: "Літній майданчик розміщується так, щоб для пішоходів залишалося не менше 2 метрів "
        "вільного тротуару, а на центральних вулицях — не менше 3 метрів.",
        5: "Дозвіл на літній майданчик видається на сезон з 1 квітня до 31 жовтня з правом "
        "продовження до 15 листопада.",
        8: "Про масовий захід організатор повідомляє не пізніше ніж за 10 днів, про захід до 50 "
        "учасників — не пізніше ніж за 3 дні.",
        13: "У кожному парку площею понад 3 гектари облаштовується безоплатна вбиральня, "
        "доступна для людей з інвалідністю.",
        3: None,
    },
    report_summary="Надійшло 20 пропозицій; 9 враховано повністю, 5 — частково. Змінено чотири "
    "положення, одне вилучено як таке, що дублює чинні норми.",
)

CONSULTATIONS = [BUDGET, PUBLIC_SPACES]


def _organiser(home: tuple[str, str]) -> Organisation | None:
    from opencity.places.models import Municipality

    country, name = home
    municipality = (
        Municipality.objects.filter(country__code=country, name_en=name).order_by("code").first()
    )
    if municipality is None:
        return None
    return (
        Organisation.objects.filter(kind=OrganisationKind.CITY_HALL, municipality=municipality)
        .order_by("pk")
        .first()
    )


def _official(organiser: Organisation, admin: User) -> User:
    membership = (
        Membership.objects.filter(organisation=organiser, role=Role.OFFICIAL)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else admin


def _residents(item: DemoConsultation) -> list[User]:
    """Demo residents who comment; they cannot log in (no password)."""
    prefix = item.language
    emails = [f"resident.{prefix}{n:02d}@example.org" for n in range(1, len(item.residents) + 1)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    new = [
        User(email=email, display_name=name)
        for email, name in zip(emails, item.residents, strict=True)
        if email not in existing
    ]
    for user in new:
        user.set_unusable_password()
    User.objects.bulk_create(new)
    users = list(User.objects.filter(email__in=emails).order_by("email"))
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True)
        for user in users
        if user.email not in existing
    )
    return users


def load(*, person: PersonMaker) -> list[tuple[str, str]]:
    """Create the two consultations once; returns the demo logins to print (none of its own:
    the organisers' officials and the moderator are `opencity demo`'s)."""
    with translation.override("en"), transaction.atomic():
        _load()
    return []


def _load() -> None:
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        return
    if Consultation.all_objects.filter(slug__in=[c.slug for c in CONSULTATIONS]).exists():
        return
    moderator = User.objects.filter(is_moderator=True, is_active=True).order_by("pk").first()
    for item in CONSULTATIONS:
        organiser = _organiser(item.home)
        if organiser is not None:
            _consultation(item, organiser, admin, moderator or admin)


def _consultation(
    item: DemoConsultation, organiser: Organisation, admin: User, moderator: User
) -> Consultation:
    official = _official(organiser, admin)
    now = timezone.now()
    opens_at = now - datetime.timedelta(days=item.opened_days_ago)
    closes_at = now + datetime.timedelta(days=item.closes_in_days)
    texts: dict[str, Any] = {f"title_{code}": text for code, text in item.title.items()}
    texts.update({f"summary_{code}": text for code, text in item.summary.items()})
    consultation = services.consultation_create(
        actor=official,
        organiser=organiser,
        slug=item.slug,
        title=item.title["en"],
        opens_at=opens_at,
        closes_at=closes_at,
        municipality=organiser.municipality,
        language=item.language,
        **texts,
    )
    services.document_replace(actor=official, consultation=consultation, sections=item.sections)
    services.consultation_publish(actor=official, consultation=consultation)
    paragraphs = {p.order: p for p in Paragraph.objects.filter(consultation=consultation)}
    residents = _residents(item)
    comments = _comments(
        item, consultation, paragraphs, residents, official, opens_at, closes_at, now
    )
    for demo, comment in comments:
        if demo.hidden:
            AbuseReport.objects.create(comment=comment, reason=demo.hidden)
            services.comment_hide(actor=moderator, comment=comment, reason=demo.hidden)
        if demo.reported:
            AbuseReport.objects.create(comment=comment, reason=demo.reported)
    if item.final is not None:
        for number, final in item.final.items():
            services.paragraph_final_set(
                actor=official,
                paragraph=paragraphs[number],
                final_text=final or "",
                removed=final is None,
            )
        services.report_publish(
            actor=official, consultation=consultation, summary=item.report_summary, reason=""
        )
    return consultation


def _comments(
    item: DemoConsultation,
    consultation: Consultation,
    paragraphs: dict[int, Paragraph],
    residents: list[User],
    official: User,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    now: datetime.datetime,
) -> list[tuple[DemoComment, Comment]]:
    """The comments, their replies, supports and responses, written in bulk."""
    until = min(now, closes_at)
    step = (until - opens_at) / (len(item.comments) + 2)
    top = []
    for number, demo in enumerate(item.comments):
        top.append(
            Comment(
                consultation=consultation,
                paragraph=paragraphs[demo.paragraph] if demo.paragraph else None,
                author=residents[number % len(residents)],
                text=demo.text,
                created_at=opens_at + step * (number + 1),
                support_count=min(demo.supports, len(residents) - 1),
            )
        )
    Comment.objects.bulk_create(top)
    replies = []
    for number, (demo, comment) in enumerate(zip(item.comments, top, strict=True)):
        for offset, text in enumerate(demo.replies, start=1):
            replies.append(
                Comment(
                    consultation=consultation,
                    paragraph=comment.paragraph,
                    parent=comment,
                    author=residents[(number + offset * 3) % len(residents)],
                    text=text,
                    created_at=comment.created_at + datetime.timedelta(hours=5 * offset),
                )
            )
    Comment.objects.bulk_create(replies)
    supports = []
    for number, comment in enumerate(top):
        others = [r for r in residents if r.pk != comment.author_id]
        start = number % len(others)
        supporters = (others[start:] + others[:start])[: comment.support_count]
        supports += [Support(comment=comment, user=user) for user in supporters]
    Support.objects.bulk_create(supports)
    responses = [
        Response(
            comment=comment,
            outcome=demo.outcome,
            reason=demo.reason,
            responded_by=official,
            responded_at=comment.created_at + datetime.timedelta(days=2),
        )
        for demo, comment in zip(item.comments, top, strict=True)
        if demo.outcome
    ]
    Response.objects.bulk_create(responses)
    return list(zip(item.comments, top, strict=True))
