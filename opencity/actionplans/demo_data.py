"""Demo content for action plans, written for OpenCity: a local member modelled on Iași (an OGP
Local member since 2018) with a completed plan and a plan in implementation, and Ukraine's national
plan. Used by `opencity.actionplans.demo`.

Short texts (titles, short titles, milestone deliverables, policy areas) come in the four languages
as (en, uk, ro, bg); longer texts in English and in the member's language as (en, local). Dates are
months after the plan's start; the plans in implementation start 14 months before the month the
demo is loaded (the demo's "now" is month 14), so a milestone ending by month 14 is past and one
ending from month 16 is still ahead, whatever the day. Progress is reported by month 13.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# (en, uk, ro, bg)
Four = tuple[str, str, str, str]
# (en, the member's language)
Two = tuple[str, str]

COMPLETE = "complete"
IN_PROGRESS = "in_progress"
NOT_STARTED = "not_started"

ATI = "access_to_information"
CP = "civic_participation"
PA = "public_accountability"
TECH = "technology"

POLICY_AREAS: dict[str, Four] = {
    "anti-corruption-and-integrity": (
        "Anti-corruption and integrity",
        "Протидія корупції та доброчесність",
        "Anticorupție și integritate",
        "Антикорупция и почтеност",
    ),
    "open-contracting": (
        "Open contracting",
        "Відкриті договори",
        "Contractare deschisă",
        "Отворени поръчки",
    ),
    "fiscal-openness": (
        "Fiscal openness",
        "Фіскальна відкритість",
        "Transparență fiscală",
        "Фискална прозрачност",
    ),
    "access-to-information": (
        "Access to information",
        "Доступ до інформації",
        "Acces la informații",
        "Достъп до информация",
    ),
    "civic-space": (
        "Civic space",
        "Громадянський простір",
        "Spațiu civic",
        "Гражданско пространство",
    ),
    "digital-governance": (
        "Digital governance",
        "Цифрове врядування",
        "Guvernanță digitală",
        "Цифрово управление",
    ),
    "public-participation": (
        "Public participation",
        "Участь громадськості",
        "Participare publică",
        "Обществено участие",
    ),
    "justice": ("Justice", "Правосуддя", "Justiție", "Правосъдие"),
    "gender": (
        "Gender and inclusion",
        "Гендер та інклюзія",
        "Gen și incluziune",
        "Пол и приобщаване",
    ),
    "e-government": (
        "E-government",
        "Електронне урядування",
        "E-guvernare",
        "Електронно управление",
    ),
}


@dataclass(frozen=True)
class MilestoneData:
    deliverable: Four
    start: int  # months after the plan's start
    end: int
    status: str
    reported: int | None = None  # the percentage last reported for an unfinished milestone


@dataclass(frozen=True)
class ProgressData:
    month: int  # months after the plan's start; always in the past when the demo is loaded
    title: Two
    text: Two
    milestone: int | None = None  # the milestone's number
    progress: int | None = None


@dataclass(frozen=True)
class CommitmentData:
    number: str
    title: Four
    short_title: Four
    problem: Two
    description: Two
    how_it_helps: Two
    values: tuple[str, ...]
    areas: tuple[str, ...]
    lead: str  # key of the lead institution, see the member's organisations
    milestones: tuple[MilestoneData, ...] = ()
    progress: tuple[ProgressData, ...] = ()
    parent: str | None = None  # number of the commitment it is part of
    # Assessments: report type → scale values (and "summary", "promising").
    independent: dict[str, object] = field(default_factory=dict)
    self_assessment: dict[str, object] = field(default_factory=dict)
    monitoring: dict[str, object] = field(default_factory=dict)
    followed: bool = False


@dataclass(frozen=True)
class EventData:
    kind: str
    month: int  # months after the plan's start (negative: before it)
    title: Two
    description: Two
    participants: int


@dataclass(frozen=True)
class PlanData:
    number: int
    identifier: str
    title: Four
    start_year: int  # years after the current plan's start year (0, or negative)
    years: int
    status: str
    influence_level: str
    minimum_requirements_met: bool
    co_creation_summary: Two
    reasoned_response: Two
    events: tuple[EventData, ...]
    commitments: tuple[CommitmentData, ...]
    independent_report: str  # report type of the independent assessment
    monitoring_report: str
    # Number of its first commitment when the member's earlier plans are not in the demo.
    first_commitment: int | None = None


# --- Iași, plan 2021–2023 (completed) ------------------------------------------------------------

IASI_PLAN_1 = PlanData(
    number=1,
    identifier="AP_IAS01",
    title=(
        "Iași Open Government Action Plan",
        "План дій з відкритого урядування міста Ясси",
        "Planul de acțiune pentru guvernare deschisă al municipiului Iași",
        "План за действие за открито управление на Яш",
    ),
    start_year=-4,
    years=2,
    status="completed",
    influence_level="consult",
    minimum_requirements_met=False,
    co_creation_summary=(
        "The city hall published a first draft and asked for comments online and in two public "
        "meetings. Civil-society organisations commented, but the final choice of commitments "
        "stayed with the city hall.",
        "Primăria a publicat o primă variantă a planului și a cerut comentarii online și în două "
        "întâlniri publice. Organizațiile societății civile au trimis observații, dar alegerea "
        "finală a angajamentelor a rămas la primărie.",
    ),
    reasoned_response=(
        "Of 41 proposals, 17 were taken up in full or in part. A table listing each proposal and "
        "the reason it was or was not taken up was published only after the plan was adopted, "
        "which is why the minimum requirements were not met.",
        "Din 41 de propuneri, 17 au fost preluate integral sau parțial. Tabelul cu fiecare "
        "propunere și motivul preluării sau respingerii a fost publicat abia după adoptarea "
        "planului, de aceea cerințele minime nu au fost îndeplinite.",
    ),
    events=(
        EventData(
            "consultation",
            -5,
            (
                "Online consultation on the draft plan",
                "Consultare online privind proiectul de plan",
            ),
            (
                "Four weeks of comments on the draft, on the city's website.",
                "Patru săptămâni de comentarii la proiect, pe site-ul primăriei.",
            ),
            126,
        ),
        EventData(
            "meeting",
            -4,
            ("Public meeting in the city hall", "Întâlnire publică la primărie"),
            (
                "The departments presented the draft commitments and took questions.",
                "Direcțiile au prezentat angajamentele propuse și au răspuns la întrebări.",
            ),
            38,
        ),
    ),
    independent_report="end_of_term",
    monitoring_report="local_end_of_commitment",
    commitments=(
        CommitmentData(
            number="1",
            title=(
                "Publish the municipal budget and its monthly execution as open data, with an "
                "explorer for residents",
                "Оприлюднювати міський бюджет і його щомісячне виконання як відкриті дані, з "
                "оглядачем для мешканців",
                "Publicarea bugetului local și a execuției lunare ca date deschise, cu un "
                "instrument de explorare pentru cetățeni",
                "Публикуване на общинския бюджет и месечното му изпълнение като отворени данни, "
                "с инструмент за разглеждане за жителите",
            ),
            short_title=("Open budget", "Відкритий бюджет", "Buget deschis", "Отворен бюджет"),
            problem=(
                "The budget was published once a year as a scanned PDF. Residents and journalists "
                "could not see how much had been spent, on what, until the annual account.",
                "Bugetul era publicat o dată pe an, ca PDF scanat. Cetățenii și jurnaliștii nu "
                "puteau vedea cât s-a cheltuit și pe ce până la contul anual de execuție.",
            ),
            description=(
                "The finance department publishes the adopted budget and each month's execution "
                "as CSV files by chapter and programme, and a web page shows them as charts.",
                "Direcția economică publică bugetul aprobat și execuția fiecărei luni în fișiere "
                "CSV pe capitole și programe, iar o pagină web le arată sub formă de grafice.",
            ),
            how_it_helps=(
                "Spending becomes visible while it happens, so that councillors and residents can "
                "ask about delays and overspending before the year is over.",
                "Cheltuielile devin vizibile pe măsură ce au loc, astfel încât consilierii și "
                "cetățenii pot întreba despre întârzieri și depășiri înainte de sfârșitul anului.",
            ),
            values=(ATI, TECH),
            areas=("fiscal-openness", "access-to-information"),
            lead="city_hall",
            milestones=(
                MilestoneData(
                    (
                        "Budget execution published monthly as CSV",
                        "Щомісячне виконання бюджету у форматі CSV",
                        "Execuția bugetară publicată lunar în format CSV",
                        "Месечно изпълнение на бюджета във формат CSV",
                    ),
                    0,
                    4,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Budget explorer online",
                        "Оглядач бюджету онлайн",
                        "Instrumentul de explorare a bugetului online",
                        "Инструментът за бюджета е онлайн",
                    ),
                    3,
                    10,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Citizens' guide to the budget published",
                        "Оприлюднено громадський путівник бюджетом",
                        "Ghidul cetățeanului pentru buget publicat",
                        "Публикуван граждански наръчник за бюджета",
                    ),
                    10,
                    16,
                    COMPLETE,
                ),
            ),
            independent={
                "specificity": "high",
                "relevance_access_to_information": "yes",
                "relevance_civic_participation": "no",
                "relevance_public_accountability": "no",
                "relevance_technology": "yes",
                "potential_impact": "moderate",
                "completion": "complete",
                "open_government": "major",
                "open_government_access_to_information": "major",
                "summary": (
                    "Monthly execution data have been published without a gap since the first "
                    "month; local media now cite them regularly.",
                    "Datele lunare de execuție au fost publicate fără întrerupere încă din prima "
                    "lună; presa locală le citează acum în mod regulat.",
                ),
            },
            self_assessment={
                "completion": "complete",
                "open_government": "major",
                "summary": (
                    "All three milestones were delivered; the budget pages had 38,000 visits in "
                    "the last year.",
                    "Toate cele trei etape au fost realizate; paginile bugetului au avut 38.000 "
                    "de vizite în ultimul an.",
                ),
            },
            monitoring={
                "completion": "complete",
                "open_government": "marginal",
                "summary": (
                    "The data are there, but by chapter only; spending by contract is still not "
                    "visible.",
                    "Datele există, dar numai pe capitole; cheltuielile pe contracte tot nu sunt "
                    "vizibile.",
                ),
            },
        ),
        CommitmentData(
            number="2",
            title=(
                "Run a yearly participatory budget in which residents propose and choose "
                "neighbourhood projects",
                "Щороку проводити бюджет участі, у якому мешканці пропонують і обирають проєкти "
                "для своїх районів",
                "Organizarea anuală a bugetării participative, în care cetățenii propun și aleg "
                "proiecte de cartier",
                "Ежегоден бюджет с участие, в който жителите предлагат и избират проекти за "
                "кварталите си",
            ),
            short_title=(
                "Participatory budget",
                "Бюджет участі",
                "Bugetare participativă",
                "Бюджет с участие",
            ),
            problem=(
                "Residents had no say in how investment money was spent in their neighbourhoods, "
                "and trust in the city hall's choices was low.",
                "Cetățenii nu aveau niciun cuvânt de spus asupra banilor de investiții din "
                "cartierele lor, iar încrederea în deciziile primăriei era scăzută.",
            ),
            description=(
                "The local council sets aside a share of the investment budget; residents submit "
                "projects, the city checks them and everyone over 16 may vote online or on paper.",
                "Consiliul local alocă o parte din bugetul de investiții; cetățenii depun "
                "proiecte, primăria le verifică, iar oricine are peste 16 ani poate vota online "
                "sau pe hârtie.",
            ),
            how_it_helps=(
                "Residents decide directly on part of the money and follow the projects to the "
                "end.",
                "Cetățenii decid direct asupra unei părți din bani și urmăresc proiectele până la "
                "capăt.",
            ),
            values=(CP,),
            areas=("public-participation",),
            lead="city_hall",
            milestones=(
                MilestoneData(
                    (
                        "Rules of the participatory budget adopted by the council",
                        "Правила бюджету участі ухвалено радою",
                        "Regulamentul bugetării participative adoptat de consiliu",
                        "Правилата на бюджета с участие приети от съвета",
                    ),
                    0,
                    3,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "First call for projects and public vote held",
                        "Проведено перший конкурс проєктів і голосування",
                        "Primul apel de proiecte și votul public organizate",
                        "Проведени първи конкурс за проекти и гласуване",
                    ),
                    3,
                    9,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Report on the funded projects published",
                        "Оприлюднено звіт про профінансовані проєкти",
                        "Raportul privind proiectele finanțate publicat",
                        "Публикуван отчет за финансираните проекти",
                    ),
                    12,
                    22,
                    IN_PROGRESS,
                    reported=70,
                ),
            ),
            progress=(
                ProgressData(
                    20,
                    (
                        "Nine of twelve winning projects built",
                        "Nouă din cele douăsprezece proiecte câștigătoare realizate",
                    ),
                    (
                        "Three playground projects wait for a building permit; the report will "
                        "follow once they are finished.",
                        "Trei proiecte de locuri de joacă așteaptă autorizația de construire; "
                        "raportul va fi publicat după finalizarea lor.",
                    ),
                    milestone=3,
                    progress=70,
                ),
            ),
            independent={
                "specificity": "medium",
                "relevance_access_to_information": "no",
                "relevance_civic_participation": "yes",
                "relevance_public_accountability": "no",
                "relevance_technology": "no",
                "potential_impact": "transformative",
                "completion": "substantial",
                "open_government": "major",
                "open_government_civic_participation": "major",
                "summary": (
                    "More than 14,000 residents voted in the first round, many for the first "
                    "time in a city decision.",
                    "Peste 14.000 de cetățeni au votat în prima rundă, mulți pentru prima dată "
                    "într-o decizie a orașului.",
                ),
            },
            self_assessment={"completion": "substantial", "open_government": "major"},
            monitoring={
                "completion": "substantial",
                "open_government": "major",
                "summary": (
                    "A real change; the city should publish the costs of each project.",
                    "O schimbare reală; primăria ar trebui să publice costurile fiecărui proiect.",
                ),
            },
            followed=True,
        ),
        CommitmentData(
            number="3",
            title=(
                "Publish all municipal contracts and their amendments in the Open Contracting "
                "Data Standard",
                "Оприлюднювати всі муніципальні договори та зміни до них за Стандартом даних "
                "відкритих договорів",
                "Publicarea tuturor contractelor municipale și a actelor adiționale în standardul "
                "Open Contracting Data Standard",
                "Публикуване на всички общински договори и измененията им по Стандарта за данни "
                "за отворени поръчки",
            ),
            short_title=(
                "Open contracting",
                "Відкриті договори",
                "Contractare deschisă",
                "Отворени поръчки",
            ),
            problem=(
                "Contracts were only visible in the national procurement system, without the "
                "amendments that often raised their value.",
                "Contractele erau vizibile doar în sistemul național de achiziții, fără actele "
                "adiționale care le creșteau adesea valoarea.",
            ),
            description=(
                "A public register of the city's contracts, with every amendment and payment, "
                "exported in OCDS.",
                "Un registru public al contractelor primăriei, cu fiecare act adițional și plată, "
                "exportat în format OCDS.",
            ),
            how_it_helps=(
                "Anyone can follow a contract from tender to the last payment and spot unusual "
                "amendments.",
                "Oricine poate urmări un contract de la licitație până la ultima plată și poate "
                "observa actele adiționale neobișnuite.",
            ),
            values=(ATI, PA),
            areas=("open-contracting", "anti-corruption-and-integrity"),
            lead="city_hall",
            milestones=(
                MilestoneData(
                    (
                        "Register of contracts online",
                        "Реєстр договорів онлайн",
                        "Registrul contractelor online",
                        "Регистърът на договорите е онлайн",
                    ),
                    0,
                    8,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Export of the register in OCDS",
                        "Експорт реєстру у форматі OCDS",
                        "Exportul registrului în format OCDS",
                        "Експорт на регистъра във формат OCDS",
                    ),
                    8,
                    16,
                    IN_PROGRESS,
                    reported=60,
                ),
                MilestoneData(
                    (
                        "Training for journalists and civil-society organisations",
                        "Навчання для журналістів і громадських організацій",
                        "Instruire pentru jurnaliști și organizații ale societății civile",
                        "Обучение за журналисти и граждански организации",
                    ),
                    16,
                    22,
                    NOT_STARTED,
                ),
            ),
            progress=(
                ProgressData(
                    15,
                    (
                        "OCDS export tested on 2022 contracts",
                        "Export OCDS testat pe contractele din 2022",
                    ),
                    (
                        "The export covers tenders and awards; amendments are still missing from "
                        "the data model.",
                        "Exportul acoperă licitațiile și atribuirile; actele adiționale lipsesc "
                        "încă din modelul de date.",
                    ),
                    milestone=2,
                    progress=60,
                ),
            ),
            independent={
                "specificity": "high",
                "relevance_access_to_information": "yes",
                "relevance_civic_participation": "no",
                "relevance_public_accountability": "yes",
                "relevance_technology": "yes",
                "potential_impact": "moderate",
                "completion": "limited",
                "open_government": "marginal",
                "summary": (
                    "The register is online, but without the amendments the data tell little "
                    "about how contracts change.",
                    "Registrul este online, dar fără actele adiționale datele spun puțin despre "
                    "modul în care se modifică contractele.",
                ),
            },
            monitoring={"completion": "limited", "open_government": "did_not_change"},
        ),
        CommitmentData(
            number="4",
            title=(
                "Publish draft decisions, votes and minutes of the local council in a searchable "
                "register",
                "Оприлюднювати проєкти рішень, результати голосувань і протоколи місцевої ради в "
                "реєстрі з пошуком",
                "Publicarea proiectelor de hotărâre, a voturilor și a proceselor-verbale ale "
                "consiliului local într-un registru cu căutare",
                "Публикуване на проекторешенията, гласуванията и протоколите на общинския съвет "
                "в регистър с търсене",
            ),
            short_title=(
                "Council decisions register",
                "Реєстр рішень ради",
                "Registrul hotărârilor consiliului",
                "Регистър на решенията на съвета",
            ),
            problem=(
                "Draft decisions appeared days before the vote and how each councillor voted was "
                "not published.",
                "Proiectele de hotărâre apăreau cu câteva zile înainte de vot, iar votul fiecărui "
                "consilier nu era publicat.",
            ),
            description=(
                "One register for every draft decision, from publication to the final text, with "
                "the roll-call vote and the minutes.",
                "Un singur registru pentru fiecare proiect de hotărâre, de la publicare la textul "
                "final, cu votul nominal și procesul-verbal.",
            ),
            how_it_helps=(
                "Residents can comment on drafts in time and see how their councillors voted.",
                "Cetățenii pot comenta proiectele la timp și pot vedea cum au votat consilierii "
                "lor.",
            ),
            values=(ATI, PA),
            areas=("access-to-information",),
            lead="city_hall",
            milestones=(
                MilestoneData(
                    (
                        "Register of draft decisions online",
                        "Реєстр проєктів рішень онлайн",
                        "Registrul proiectelor de hotărâre online",
                        "Регистърът на проекторешенията е онлайн",
                    ),
                    0,
                    5,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Roll-call votes published after each session",
                        "Поіменні голосування після кожної сесії",
                        "Voturile nominale publicate după fiecare ședință",
                        "Поименните гласувания се публикуват след всяко заседание",
                    ),
                    5,
                    9,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Minutes since 2016 scanned and searchable",
                        "Протоколи з 2016 року відскановано, є пошук",
                        "Procesele-verbale din 2016 scanate și căutabile",
                        "Протоколите от 2016 г. сканирани и с търсене",
                    ),
                    9,
                    18,
                    COMPLETE,
                ),
            ),
            independent={
                "specificity": "medium",
                "relevance_access_to_information": "yes",
                "relevance_civic_participation": "no",
                "relevance_public_accountability": "yes",
                "relevance_technology": "no",
                "potential_impact": "minor",
                "completion": "complete",
                "open_government": "marginal",
                "summary": (
                    "Completed as planned; drafts are still published later than the law allows.",
                    "Finalizat conform planului; proiectele sunt încă publicate mai târziu decât "
                    "permite legea.",
                ),
            },
            self_assessment={"completion": "complete", "open_government": "major"},
        ),
        CommitmentData(
            number="5",
            title=(
                "Open one portal for all public consultations and publish a reasoned response to "
                "each",
                "Створити єдиний портал для всіх громадських консультацій і оприлюднювати "
                "обґрунтовану відповідь на кожну",
                "Un singur portal pentru toate consultările publice, cu un răspuns motivat "
                "publicat pentru fiecare",
                "Единен портал за всички обществени консултации с публикуван мотивиран отговор "
                "на всяка",
            ),
            short_title=(
                "Consultation portal",
                "Портал консультацій",
                "Portalul consultărilor",
                "Портал за консултации",
            ),
            problem=(
                "Consultations were announced on different pages, often with a week to comment, "
                "and nobody learned what happened to their comments.",
                "Consultările erau anunțate pe pagini diferite, adesea cu o săptămână pentru "
                "comentarii, iar nimeni nu afla ce s-a întâmplat cu observațiile sale.",
            ),
            description=(
                "A single portal lists every consultation with its deadline; after it closes the "
                "department publishes what it took up and why.",
                "Un portal unic listează fiecare consultare cu termenul ei; după închidere, "
                "direcția publică ce a preluat și de ce.",
            ),
            how_it_helps=(
                "People know where to look, have enough time and see that their comments count.",
                "Oamenii știu unde să caute, au timp suficient și văd că observațiile lor "
                "contează.",
            ),
            values=(CP, ATI),
            areas=("public-participation", "digital-governance"),
            lead="city_hall",
            milestones=(
                MilestoneData(
                    (
                        "Consultation portal online",
                        "Портал консультацій онлайн",
                        "Portalul consultărilor online",
                        "Порталът за консултации е онлайн",
                    ),
                    0,
                    6,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Rules on minimum consultation periods adopted",
                        "Ухвалено правила про мінімальні строки консультацій",
                        "Reguli privind durata minimă a consultărilor adoptate",
                        "Приети правила за минималните срокове на консултациите",
                    ),
                    2,
                    7,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Reasoned responses published for every consultation",
                        "Обґрунтовані відповіді оприлюднено для кожної консультації",
                        "Răspunsuri motivate publicate pentru fiecare consultare",
                        "Мотивирани отговори публикувани за всяка консултация",
                    ),
                    7,
                    20,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Annual report on consultations",
                        "Щорічний звіт про консультації",
                        "Raport anual privind consultările",
                        "Годишен отчет за консултациите",
                    ),
                    12,
                    23,
                    COMPLETE,
                ),
            ),
            independent={
                "specificity": "medium",
                "relevance_access_to_information": "yes",
                "relevance_civic_participation": "yes",
                "relevance_public_accountability": "no",
                "relevance_technology": "yes",
                "potential_impact": "moderate",
                "completion": "substantial",
                "open_government": "marginal",
                "open_government_civic_participation": "marginal",
                "summary": (
                    "The portal works; some responses only list the comments without reasons.",
                    "Portalul funcționează; unele răspunsuri doar enumeră observațiile, fără "
                    "motivare.",
                ),
            },
            monitoring={"completion": "substantial", "open_government": "marginal"},
        ),
        CommitmentData(
            number="6",
            title=(
                "Publish public transport timetables and vehicle positions as open data in real "
                "time",
                "Оприлюднювати розклад громадського транспорту та місцеположення транспорту як "
                "відкриті дані в реальному часі",
                "Publicarea orarelor transportului public și a poziției vehiculelor ca date "
                "deschise în timp real",
                "Публикуване на разписанията на градския транспорт и позициите на превозните "
                "средства като отворени данни в реално време",
            ),
            short_title=(
                "Open transport data",
                "Відкриті дані транспорту",
                "Date deschise de transport",
                "Отворени данни за транспорта",
            ),
            problem=(
                "Timetables were in PDF files and apps could not tell when the next tram would "
                "come.",
                "Orarele erau în fișiere PDF, iar aplicațiile nu puteau spune când vine "
                "următorul tramvai.",
            ),
            description=(
                "The transport company publishes its timetables in GTFS and a real-time feed of "
                "vehicle positions under an open licence.",
                "Compania de transport publică orarele în format GTFS și un flux în timp real al "
                "pozițiilor vehiculelor, sub licență deschisă.",
            ),
            how_it_helps=(
                "Journey planners and local developers can build on the data, and delays become "
                "visible.",
                "Planificatoarele de călătorii și dezvoltatorii locali pot folosi datele, iar "
                "întârzierile devin vizibile.",
            ),
            values=(ATI, TECH),
            areas=("digital-governance", "e-government"),
            lead="city_hall",
            milestones=(
                MilestoneData(
                    (
                        "Timetables published in GTFS",
                        "Розклади у форматі GTFS",
                        "Orarele publicate în format GTFS",
                        "Разписанията публикувани във формат GTFS",
                    ),
                    0,
                    6,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Real-time feed of vehicle positions",
                        "Потік даних про місцеположення транспорту",
                        "Flux în timp real al pozițiilor vehiculelor",
                        "Поток в реално време за позициите на превозните средства",
                    ),
                    6,
                    14,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Open data hackathon on mobility",
                        "Хакатон відкритих даних про мобільність",
                        "Hackathon de date deschise despre mobilitate",
                        "Хакатон с отворени данни за мобилността",
                    ),
                    14,
                    18,
                    COMPLETE,
                ),
            ),
            independent={
                "specificity": "high",
                "relevance_access_to_information": "yes",
                "relevance_civic_participation": "no",
                "relevance_public_accountability": "no",
                "relevance_technology": "yes",
                "potential_impact": "moderate",
                "completion": "no_data",
                "open_government": "not_reviewed",
                "summary": (
                    "The transport company did not answer the researcher's questions in time, so "
                    "completion could not be verified.",
                    "Compania de transport nu a răspuns la timp întrebărilor cercetătorului, "
                    "astfel că finalizarea nu a putut fi verificată.",
                ),
            },
            self_assessment={"completion": "complete", "open_government": "marginal"},
        ),
    ),
)


# --- Iași, plan in implementation --------------------------------------------------------------

IASI_PLAN_2 = PlanData(
    number=2,
    identifier="AP_IAS02",
    title=IASI_PLAN_1.title,
    start_year=0,
    years=2,
    status="implementation",
    influence_level="collaborate",
    minimum_requirements_met=True,
    co_creation_summary=(
        "A multi-stakeholder forum of eight city officials and eight civil-society members, "
        "chosen by an open call, drafted the plan together over five months. Residents proposed "
        "commitments online and in workshops in four neighbourhoods.",
        "Un forum multipartit format din opt funcționari ai primăriei și opt reprezentanți ai "
        "societății civile, aleși printr-un apel deschis, a redactat planul împreună timp de "
        "cinci luni. Cetățenii au propus angajamente online și în ateliere în patru cartiere.",
    ),
    reasoned_response=(
        "The forum received 63 proposals. 22 shaped the seven commitments; 28 were passed to the "
        "departments responsible because they concern services rather than openness; 13 were "
        "not taken up, each with its reason, in the table published before the plan was "
        "adopted.",
        "Forumul a primit 63 de propuneri. 22 au stat la baza celor șapte angajamente; 28 au "
        "fost transmise direcțiilor responsabile, pentru că privesc servicii, nu deschidere; 13 "
        "nu au fost preluate, fiecare cu motivul ei, în tabelul publicat înainte de adoptarea "
        "planului.",
    ),
    events=(
        EventData(
            "forum",
            -8,
            (
                "First meeting of the multi-stakeholder forum",
                "Prima ședință a forumului multipartit",
            ),
            (
                "The forum adopted its rules and the timetable of the co-creation.",
                "Forumul și-a adoptat regulamentul și calendarul co-creării.",
            ),
            16,
        ),
        EventData(
            "workshop",
            -6,
            ("Neighbourhood workshops", "Ateliere în cartiere"),
            (
                "Workshops in Tătărași, Nicolina, Păcurari and Copou collected residents' "
                "proposals.",
                "Atelierele din Tătărași, Nicolina, Păcurari și Copou au adunat propunerile "
                "cetățenilor.",
            ),
            142,
        ),
        EventData(
            "consultation",
            -4,
            (
                "Online consultation on the draft plan",
                "Consultare online privind proiectul de plan",
            ),
            (
                "Thirty days of comments on the draft commitments.",
                "Treizeci de zile de comentarii la angajamentele propuse.",
            ),
            211,
        ),
        EventData(
            "meeting",
            -2,
            (
                "Forum meeting on the reasoned response",
                "Ședința forumului privind răspunsul motivat",
            ),
            (
                "The forum agreed the final text and the response to every proposal.",
                "Forumul a convenit textul final și răspunsul la fiecare propunere.",
            ),
            15,
        ),
    ),
    independent_report="action_plan_review",
    monitoring_report="mid_term",
    commitments=(
        CommitmentData(
            number="1",
            title=(
                "Require and publish the beneficial owners of companies that win municipal "
                "contracts",
                "Вимагати й оприлюднювати кінцевих бенефіціарних власників компаній, які "
                "отримують муніципальні договори",
                "Solicitarea și publicarea beneficiarilor reali ai firmelor care câștigă "
                "contracte cu primăria",
                "Изискване и публикуване на действителните собственици на фирмите, които "
                "печелят общински поръчки",
            ),
            short_title=(
                "Beneficial owners of suppliers",
                "Бенефіціари постачальників",
                "Beneficiarii reali ai furnizorilor",
                "Действителни собственици на доставчиците",
            ),
            problem=(
                "Journalists found contracts won by firms owned through intermediaries by "
                "relatives of officials; the city did not know who stood behind its suppliers.",
                "Jurnaliștii au găsit contracte câștigate de firme deținute prin intermediari de "
                "rude ale unor funcționari; primăria nu știa cine se află în spatele "
                "furnizorilor săi.",
            ),
            description=(
                "Every bidder declares its beneficial owners; the city publishes the declarations "
                "of winners with the contract and checks them against the trade register.",
                "Fiecare ofertant își declară beneficiarii reali; primăria publică declarațiile "
                "câștigătorilor împreună cu contractul și le verifică cu registrul comerțului.",
            ),
            how_it_helps=(
                "Conflicts of interest become visible before payment, to the city and to the "
                "public.",
                "Conflictele de interese devin vizibile înainte de plată, pentru primărie și "
                "pentru public.",
            ),
            values=(ATI, PA),
            areas=("anti-corruption-and-integrity", "open-contracting"),
            lead="city_hall",
            milestones=(
                MilestoneData(
                    (
                        "Council decision on beneficial ownership declarations",
                        "Рішення ради про декларації бенефіціарів",
                        "Hotărârea consiliului privind declarațiile beneficiarilor reali",
                        "Решение на съвета за декларациите на собствениците",
                    ),
                    0,
                    2,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Declaration form in all tender documents",
                        "Форма декларації в усій тендерній документації",
                        "Formularul de declarație în toate documentațiile de atribuire",
                        "Формулярът за декларация във всички тръжни документи",
                    ),
                    1,
                    3,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Declarations of winners published with the contracts",
                        "Декларації переможців оприлюднено разом із договорами",
                        "Declarațiile câștigătorilor publicate împreună cu contractele",
                        "Декларациите на победителите публикувани с договорите",
                    ),
                    2,
                    6,
                    IN_PROGRESS,
                    reported=40,
                ),
                MilestoneData(
                    (
                        "Yearly check against the trade register published",
                        "Оприлюднено щорічну перевірку за торговельним реєстром",
                        "Verificarea anuală cu registrul comerțului publicată",
                        "Публикувана годишна проверка в търговския регистър",
                    ),
                    12,
                    20,
                    NOT_STARTED,
                ),
            ),
            progress=(
                ProgressData(
                    10,
                    (
                        "First declarations online, the rest after a legal check",
                        "Primele declarații online, restul după o verificare juridică",
                    ),
                    (
                        "Declarations of 14 suppliers are published. The legal department is "
                        "checking whether the others may be published without the owners' "
                        "consent.",
                        "Declarațiile a 14 furnizori sunt publicate. Direcția juridică verifică "
                        "dacă celelalte pot fi publicate fără acordul beneficiarilor.",
                    ),
                    milestone=3,
                    progress=40,
                ),
            ),
            independent={
                "verifiability": "verifiable",
                "relevance_access_to_information": "yes",
                "relevance_civic_participation": "no",
                "relevance_public_accountability": "yes",
                "relevance_technology": "no",
                "potential_for_results": "substantial",
                "promising": True,
                "summary": (
                    "Promising: one of the first cities in the region to ask for beneficial "
                    "owners of suppliers. Publication needs a clear legal basis.",
                    "Promițător: unul dintre primele orașe din regiune care cer beneficiarii "
                    "reali ai furnizorilor. Publicarea are nevoie de o bază legală clară.",
                ),
            },
            self_assessment={"completion": "limited"},
            monitoring={
                "completion": "limited",
                "summary": (
                    "The declaration form is used, but only a quarter of the winners' "
                    "declarations are online.",
                    "Formularul este folosit, dar doar un sfert din declarațiile câștigătorilor "
                    "sunt online.",
                ),
            },
            followed=True,
        ),
        CommitmentData(
            number="2",
            title=(
                "Adopt, publish and monitor integrity plans in the companies owned by the city",
                "Ухвалити, оприлюднити й відстежувати плани доброчесності в комунальних "
                "підприємствах",
                "Adoptarea, publicarea și monitorizarea planurilor de integritate în companiile "
                "municipale",
                "Приемане, публикуване и наблюдение на планове за почтеност в общинските дружества",
            ),
            short_title=(
                "Integrity in municipal companies",
                "Доброчесність комунальних підприємств",
                "Integritate în companiile municipale",
                "Почтеност в общинските дружества",
            ),
            problem=(
                "The city's eleven companies spend more than the city hall itself, but none had "
                "an integrity plan or published its procurement.",
                "Cele unsprezece companii ale municipiului cheltuiesc mai mult decât primăria, "
                "dar niciuna nu avea un plan de integritate și nu își publica achizițiile.",
            ),
            description=(
                "Each company assesses its corruption risks, adopts an integrity plan and reports "
                "on it every year.",
                "Fiecare companie își evaluează riscurile de corupție, adoptă un plan de "
                "integritate și raportează anual asupra lui.",
            ),
            how_it_helps=(
                "Risks in the largest budgets are named and owned, and residents can see whether "
                "they are dealt with.",
                "Riscurile din cele mai mari bugete sunt identificate și asumate, iar cetățenii "
                "pot vedea dacă sunt tratate.",
            ),
            values=(PA,),
            areas=("anti-corruption-and-integrity",),
            lead="city_hall",
            milestones=(
                MilestoneData(
                    (
                        "Corruption risk assessment in eleven companies",
                        "Оцінка корупційних ризиків в одинадцяти підприємствах",
                        "Evaluarea riscurilor de corupție în unsprezece companii",
                        "Оценка на корупционния риск в единадесет дружества",
                    ),
                    0,
                    2,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Integrity plans adopted by the boards",
                        "Плани доброчесності ухвалено правліннями",
                        "Planuri de integritate adoptate de consiliile de administrație",
                        "Планове за почтеност, приети от съветите на директорите",
                    ),
                    2,
                    16,
                    IN_PROGRESS,
                    reported=50,
                ),
                MilestoneData(
                    (
                        "First public annual report on the integrity plans",
                        "Перший публічний щорічний звіт про плани доброчесності",
                        "Primul raport public anual privind planurile de integritate",
                        "Първи публичен годишен отчет за плановете за почтеност",
                    ),
                    12,
                    22,
                    NOT_STARTED,
                ),
            ),
            progress=(
                ProgressData(
                    11,
                    (
                        "Six of eleven boards adopted their plans",
                        "Șase din unsprezece consilii și-au adoptat planurile",
                    ),
                    (
                        "The other five companies asked for more time because their boards are "
                        "being renewed.",
                        "Celelalte cinci companii au cerut mai mult timp, deoarece consiliile lor "
                        "de administrație sunt în curs de înnoire.",
                    ),
                    milestone=2,
                    progress=50,
                ),
            ),
            independent={
                "verifiability": "verifiable",
                "relevance_access_to_information": "no",
                "relevance_civic_participation": "no",
                "relevance_public_accountability": "yes",
                "relevance_technology": "no",
                "potential_for_results": "modest",
                "summary": (
                    "A useful step; the plans should be public, not only the annual report.",
                    "Un pas util; planurile ar trebui să fie publice, nu doar raportul anual.",
                ),
            },
        ),
        CommitmentData(
            number="3",
            title=(
                "Make the city's services reachable online and with help for everyone",
                "Зробити послуги міста доступними онлайн і з допомогою для кожного",
                "Serviciile primăriei accesibile online și cu ajutor pentru toți",
                "Услугите на общината достъпни онлайн и с помощ за всеки",
            ),
            short_title=(
                "Digital services for everyone",
                "Цифрові послуги для всіх",
                "Servicii digitale pentru toți",
                "Цифрови услуги за всички",
            ),
            problem=(
                "Most applications still need a visit to the city hall, and people without a "
                "computer or skills are left behind when services move online.",
                "Majoritatea cererilor încă necesită o vizită la primărie, iar oamenii fără "
                "calculator sau fără competențe rămân în urmă când serviciile trec online.",
            ),
            description=(
                "Two parts: online applications with status tracking, and help points where "
                "residents are assisted with them.",
                "Două părți: cereri online cu urmărirea stadiului și puncte de sprijin unde "
                "cetățenii sunt ajutați să le folosească.",
            ),
            how_it_helps=(
                "Decisions can be followed step by step, and nobody is excluded from them.",
                "Deciziile pot fi urmărite pas cu pas și nimeni nu este exclus.",
            ),
            values=(ATI, TECH),
            areas=("e-government", "digital-governance"),
            lead="city_hall",
        ),
        CommitmentData(
            number="3.1",
            parent="3",
            title=(
                "Accept building permit applications online and show their status at every step",
                "Приймати заяви на дозвіл на будівництво онлайн і показувати їхній статус на "
                "кожному кроці",
                "Primirea online a cererilor de autorizație de construire și afișarea stadiului "
                "la fiecare pas",
                "Приемане на заявления за разрешение за строеж онлайн и показване на статуса им "
                "на всяка стъпка",
            ),
            short_title=(
                "Online building permits",
                "Дозволи на будівництво онлайн",
                "Autorizații de construire online",
                "Разрешения за строеж онлайн",
            ),
            problem=(
                "Applicants wait months without knowing where their file is, which invites "
                "informal payments.",
                "Solicitanții așteaptă luni de zile fără să știe unde se află dosarul lor, ceea "
                "ce încurajează plățile informale.",
            ),
            description=(
                "An online form for building permits and certificates of urbanism, with the file's "
                "status and deadline visible to the applicant and statistics published monthly.",
                "Un formular online pentru autorizații de construire și certificate de urbanism, "
                "cu stadiul și termenul dosarului vizibile solicitantului și statistici publicate "
                "lunar.",
            ),
            how_it_helps=(
                "Delays are visible and measurable, and there is less room for favours.",
                "Întârzierile sunt vizibile și măsurabile și rămâne mai puțin loc pentru favoruri.",
            ),
            values=(ATI, PA, TECH),
            areas=("e-government", "anti-corruption-and-integrity"),
            lead="city_hall",
            milestones=(
                MilestoneData(
                    (
                        "Online application form for building permits",
                        "Онлайн-форма заяви на дозвіл на будівництво",
                        "Formular online pentru cererea de autorizație de construire",
                        "Онлайн формуляр за заявление за разрешение за строеж",
                    ),
                    0,
                    3,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Status tracking for applicants",
                        "Відстеження статусу для заявників",
                        "Urmărirea stadiului pentru solicitanți",
                        "Проследяване на статуса за заявителите",
                    ),
                    2,
                    8,
                    IN_PROGRESS,
                    reported=30,
                ),
                MilestoneData(
                    (
                        "Monthly statistics on processing times published",
                        "Щомісячна статистика строків розгляду",
                        "Statistici lunare privind termenele de soluționare publicate",
                        "Месечна статистика за сроковете на обработка",
                    ),
                    8,
                    18,
                    NOT_STARTED,
                ),
            ),
            progress=(
                ProgressData(
                    12,
                    (
                        "Status tracking in testing with 40 applicants",
                        "Urmărirea stadiului, în testare cu 40 de solicitanți",
                    ),
                    (
                        "Applicants see when their file was registered and who holds it; the "
                        "legal deadline is shown from next month.",
                        "Solicitanții văd când a fost înregistrat dosarul și cine îl are; "
                        "termenul legal va fi afișat de luna viitoare.",
                    ),
                    milestone=2,
                    progress=30,
                ),
            ),
            independent={
                "verifiability": "verifiable",
                "relevance_access_to_information": "yes",
                "relevance_civic_participation": "no",
                "relevance_public_accountability": "yes",
                "relevance_technology": "yes",
                "potential_for_results": "substantial",
                "promising": True,
                "summary": (
                    "Promising if the processing times are published, as planned.",
                    "Promițător dacă termenele de soluționare sunt publicate, așa cum s-a "
                    "planificat.",
                ),
            },
            followed=True,
        ),
        CommitmentData(
            number="3.2",
            parent="3",
            title=(
                "Open digital help points in neighbourhood libraries",
                "Відкрити пункти цифрової допомоги в районних бібліотеках",
                "Deschiderea de puncte de sprijin digital în bibliotecile de cartier",
                "Откриване на пунктове за цифрова помощ в кварталните библиотеки",
            ),
            short_title=(
                "Digital help points",
                "Пункти цифрової допомоги",
                "Puncte de sprijin digital",
                "Пунктове за цифрова помощ",
            ),
            problem=(
                "Older residents, people with disabilities and women in the outskirts use online "
                "services least.",
                "Vârstnicii, persoanele cu dizabilități și femeile din cartierele periferice "
                "folosesc cel mai puțin serviciile online.",
            ),
            description=(
                "Trained librarians help residents file applications online in five libraries, "
                "with accessible equipment.",
                "Bibliotecari instruiți ajută cetățenii să depună cereri online în cinci "
                "biblioteci, cu echipamente accesibile.",
            ),
            how_it_helps=(
                "Moving services online does not shut anyone out.",
                "Trecerea serviciilor online nu exclude pe nimeni.",
            ),
            values=(CP, TECH),
            areas=("digital-governance", "gender"),
            lead="city_hall",
            milestones=(
                MilestoneData(
                    (
                        "Librarians trained in five libraries",
                        "Навчено бібліотекарів у п'яти бібліотеках",
                        "Bibliotecari instruiți în cinci biblioteci",
                        "Обучени библиотекари в пет библиотеки",
                    ),
                    0,
                    3,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Five help points open with accessible equipment",
                        "Відкрито п'ять пунктів допомоги з доступним обладнанням",
                        "Cinci puncte de sprijin deschise, cu echipamente accesibile",
                        "Пет пункта за помощ с достъпно оборудване",
                    ),
                    1,
                    9,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Survey of users, by age and gender, published",
                        "Оприлюднено опитування користувачів за віком і статтю",
                        "Sondajul utilizatorilor, pe vârste și gen, publicat",
                        "Публикувано проучване на потребителите по възраст и пол",
                    ),
                    12,
                    20,
                    NOT_STARTED,
                ),
            ),
            independent={
                "verifiability": "verifiable",
                "relevance_access_to_information": "no",
                "relevance_civic_participation": "no",
                "relevance_public_accountability": "no",
                "relevance_technology": "yes",
                "potential_for_results": "unclear",
                "summary": (
                    "Useful for inclusion, but as written not relevant to an OGP value: "
                    "technology counts only together with one of the others.",
                    "Util pentru incluziune, dar, așa cum este formulat, nu este relevant pentru "
                    "o valoare OGP: tehnologia contează doar împreună cu una dintre celelalte.",
                ),
            },
        ),
        CommitmentData(
            number="4",
            title=(
                "Involve a youth council in city decisions and report on the gender balance of "
                "the city's advisory bodies",
                "Залучити молодіжну раду до рішень міста і звітувати про гендерний баланс "
                "дорадчих органів",
                "Implicarea unui consiliu al tinerilor în deciziile orașului și raportarea "
                "echilibrului de gen în organismele consultative",
                "Включване на младежки съвет в решенията на града и отчет за баланса между "
                "половете в консултативните органи",
            ),
            short_title=(
                "Youth council and gender balance",
                "Молодіжна рада і гендерний баланс",
                "Consiliul tinerilor și echilibrul de gen",
                "Младежки съвет и баланс между половете",
            ),
            problem=(
                "Young people are a third of the city's residents, a student city, but hardly "
                "ever consulted; four of the city's six advisory bodies have no or one woman.",
                "Tinerii reprezintă o treime din locuitorii unui oraș universitar, dar nu sunt "
                "aproape niciodată consultați; patru din cele șase organisme consultative ale "
                "orașului au cel mult o femeie.",
            ),
            description=(
                "An elected youth council gives opinions on every draft decision that concerns "
                "young people; the city publishes the composition of its advisory bodies by "
                "gender every year.",
                "Un consiliu al tinerilor ales dă avize pentru fiecare proiect de hotărâre care "
                "îi privește pe tineri; primăria publică anual componența pe gen a organismelor "
                "consultative.",
            ),
            how_it_helps=(
                "More voices are heard before decisions, and imbalances are visible.",
                "Mai multe voci sunt ascultate înainte de decizii, iar dezechilibrele sunt "
                "vizibile.",
            ),
            values=(CP,),
            areas=("public-participation", "gender", "civic-space"),
            lead="city_hall",
            milestones=(
                MilestoneData(
                    (
                        "Youth council elected",
                        "Обрано молодіжну раду",
                        "Consiliul tinerilor ales",
                        "Избран младежки съвет",
                    ),
                    0,
                    3,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Rules for the youth council's opinions on draft decisions",
                        "Правила висновків молодіжної ради щодо проєктів рішень",
                        "Reguli privind avizele consiliului tinerilor la proiectele de hotărâre",
                        "Правила за становищата на младежкия съвет по проекторешенията",
                    ),
                    2,
                    6,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Gender balance of advisory bodies published",
                        "Оприлюднено гендерний склад дорадчих органів",
                        "Componența pe gen a organismelor consultative publicată",
                        "Публикуван съставът по пол на консултативните органи",
                    ),
                    3,
                    18,
                    IN_PROGRESS,
                    reported=20,
                ),
                MilestoneData(
                    (
                        "Yearly report of the youth council",
                        "Щорічний звіт молодіжної ради",
                        "Raportul anual al consiliului tinerilor",
                        "Годишен отчет на младежкия съвет",
                    ),
                    12,
                    22,
                    NOT_STARTED,
                ),
            ),
            independent={
                "verifiability": "verifiable",
                "relevance_access_to_information": "no",
                "relevance_civic_participation": "yes",
                "relevance_public_accountability": "no",
                "relevance_technology": "no_data",
                "potential_for_results": "modest",
                "summary": (
                    "Clear milestones; the youth council's opinions are not binding.",
                    "Etape clare; avizele consiliului tinerilor nu sunt obligatorii.",
                ),
            },
            monitoring={"completion": "limited"},
        ),
        CommitmentData(
            number="5",
            title=(
                "Answer requests for public information online, within ten days, and publish "
                "the answers",
                "Відповідати на запити на публічну інформацію онлайн протягом десяти днів і "
                "оприлюднювати відповіді",
                "Răspunsul online la cererile de informații publice în zece zile și publicarea "
                "răspunsurilor",
                "Отговор на заявленията за достъп до обществена информация онлайн до десет дни "
                "и публикуване на отговорите",
            ),
            short_title=(
                "Faster answers to information requests",
                "Швидші відповіді на запити",
                "Răspunsuri mai rapide la cererile de informații",
                "По-бързи отговори на заявленията",
            ),
            problem=(
                "The law allows 10 days, but a third of the answers came late, on paper, and the "
                "same questions were asked again and again.",
                "Legea prevede 10 zile, dar o treime din răspunsuri veneau cu întârziere, pe "
                "hârtie, iar aceleași întrebări erau puse iar și iar.",
            ),
            description=(
                "An online request form, a register of requests with their deadlines, and "
                "publication of every answer that does not contain personal data.",
                "Un formular online de cerere, un registru al cererilor cu termenele lor și "
                "publicarea fiecărui răspuns care nu conține date personale.",
            ),
            how_it_helps=(
                "Requesters know when to expect an answer, and answers serve everyone.",
                "Solicitanții știu când să aștepte răspunsul, iar răspunsurile folosesc tuturor.",
            ),
            values=(ATI,),
            areas=("access-to-information", "justice"),
            lead="city_hall",
            milestones=(
                MilestoneData(
                    (
                        "Online request form",
                        "Онлайн-форма запиту",
                        "Formular online de cerere",
                        "Онлайн формуляр за заявление",
                    ),
                    0,
                    2,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Public register of requests with deadlines",
                        "Публічний реєстр запитів зі строками",
                        "Registrul public al cererilor, cu termene",
                        "Публичен регистър на заявленията със срокове",
                    ),
                    1,
                    4,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Answers published, personal data removed",
                        "Відповіді оприлюднено без персональних даних",
                        "Răspunsuri publicate, fără date personale",
                        "Публикувани отговори без лични данни",
                    ),
                    4,
                    18,
                    IN_PROGRESS,
                    reported=25,
                ),
            ),
            independent={
                "verifiability": "verifiable",
                "relevance_access_to_information": "yes",
                "relevance_civic_participation": "no",
                "relevance_public_accountability": "no",
                "relevance_technology": "yes",
                "potential_for_results": "modest",
                "summary": (
                    "Improves a legal duty the city already had; publication of answers is the "
                    "new part.",
                    "Îmbunătățește o obligație legală existentă; publicarea răspunsurilor este "
                    "partea nouă.",
                ),
            },
            self_assessment={"completion": "substantial"},
        ),
    ),
)


# --- Ukraine, national plan ---------------------------------------------------------------------


def _ua(
    number: str,
    title: Four,
    short_title: Four,
    problem: Two,
    description: Two,
    how_it_helps: Two,
    values: tuple[str, ...],
    areas: tuple[str, ...],
    lead: str,
    milestones: tuple[MilestoneData, ...],
    **extra: object,
) -> CommitmentData:
    return CommitmentData(
        number, title, short_title, problem, description, how_it_helps, values, areas, lead,
        milestones, **extra,  # type: ignore[arg-type]
    )  # fmt: skip


UKRAINE_PLAN = PlanData(
    number=6,
    identifier="AP_UKR06",
    first_commitment=91,
    title=(
        "Action Plan for the Open Government Partnership Initiative",
        "План дій із впровадження Ініціативи «Партнерство «Відкритий Уряд»",
        "Planul de acțiune pentru Parteneriatul pentru Guvernare Deschisă",
        "План за действие за Партньорството за открито управление",
    ),
    start_year=0,
    years=2,
    status="implementation",
    influence_level="involve",
    minimum_requirements_met=True,
    co_creation_summary=(
        "The Secretariat of the Cabinet of Ministers collected proposals online and discussed "
        "them with ministries and civil society in thematic working groups; the coordination "
        "council, half of whose members come from civil society, approved the draft.",
        "Секретаріат Кабінету Міністрів зібрав пропозиції онлайн і обговорив їх з "
        "міністерствами та громадськістю в тематичних робочих групах; координаційна рада, "
        "половина членів якої — представники громадянського суспільства, схвалила проєкт.",
    ),
    reasoned_response=(
        "54 proposals were received; 19 were taken up. The report on the consultation lists "
        "every proposal with the reason for the decision.",
        "Надійшло 54 пропозиції, 19 враховано. Звіт про консультації містить кожну пропозицію "
        "з обґрунтуванням рішення.",
    ),
    events=(
        EventData(
            "consultation",
            -6,
            ("Call for proposals to the action plan", "Збір пропозицій до плану дій"),
            (
                "Proposals were collected on the government's portal for six weeks.",
                "Пропозиції збирали на урядовому порталі протягом шести тижнів.",
            ),
            312,
        ),
        EventData(
            "workshop",
            -4,
            ("Thematic working groups", "Тематичні робочі групи"),
            (
                "Five groups discussed the proposals with the ministries concerned.",
                "П'ять груп обговорили пропозиції з відповідними міністерствами.",
            ),
            87,
        ),
        EventData(
            "meeting",
            -2,
            ("Coordination council approves the draft", "Координаційна рада схвалює проєкт"),
            (
                "The council approved the draft and the report on the consultation.",
                "Рада схвалила проєкт і звіт про консультації.",
            ),
            24,
        ),
    ),
    independent_report="action_plan_review",
    monitoring_report="mid_term",
    commitments=(
        _ua(
            "1",
            (
                "Publish every reconstruction project funded by the state budget or donors in "
                "one open register, from assessed need to completion",
                "Оприлюднювати кожен проєкт відновлення, що фінансується з державного бюджету "
                "або донорами, в єдиному відкритому реєстрі — від оцінки потреби до завершення",
                "Publicarea fiecărui proiect de reconstrucție finanțat de la bugetul de stat sau "
                "de donatori într-un registru deschis, de la evaluarea nevoii până la finalizare",
                "Публикуване на всеки проект за възстановяване, финансиран от държавния бюджет "
                "или от донори, в единен отворен регистър — от оценката на нуждата до "
                "завършването",
            ),
            (
                "Open reconstruction register",
                "Відкритий реєстр відновлення",
                "Registrul deschis al reconstrucției",
                "Отворен регистър на възстановяването",
            ),
            (
                "Reconstruction money comes from many sources and is spent by thousands of "
                "bodies; without one picture, duplication and abuse are hard to spot.",
                "Кошти на відновлення надходять з багатьох джерел і витрачаються тисячами "
                "розпорядників; без єдиної картини важко помітити дублювання та зловживання.",
            ),
            (
                "One register links damage assessments, projects, tenders, contracts and payments, "
                "published as open data.",
                "Єдиний реєстр пов'язує оцінки пошкоджень, проєкти, закупівлі, договори й оплати "
                "та оприлюднює їх як відкриті дані.",
            ),
            (
                "Citizens, donors and journalists can follow each project and its money.",
                "Громадяни, донори й журналісти можуть простежити кожен проєкт і його кошти.",
            ),
            (ATI, PA, TECH),
            ("open-contracting", "fiscal-openness", "anti-corruption-and-integrity"),
            "communities",
            (
                MilestoneData(
                    (
                        "Register covers projects of all regional administrations",
                        "Реєстр охоплює проєкти всіх обласних адміністрацій",
                        "Registrul acoperă proiectele tuturor administrațiilor regionale",
                        "Регистърът обхваща проектите на всички областни администрации",
                    ),
                    0,
                    3,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Link to procurement and payment data",
                        "Зв'язок із даними закупівель і платежів",
                        "Legătura cu datele de achiziții și plăți",
                        "Връзка с данните за поръчки и плащания",
                    ),
                    2,
                    9,
                    IN_PROGRESS,
                    reported=55,
                ),
                MilestoneData(
                    (
                        "Donor-funded projects included",
                        "Включено проєкти, що фінансуються донорами",
                        "Proiectele finanțate de donatori incluse",
                        "Включени проектите, финансирани от донори",
                    ),
                    6,
                    20,
                    IN_PROGRESS,
                    reported=20,
                ),
            ),
            progress=(
                ProgressData(
                    12,
                    (
                        "Procurement data linked for 70% of projects",
                        "Дані закупівель пов'язано для 70% проєктів",
                    ),
                    (
                        "Projects of local governments are linked to their tenders; payments from "
                        "the treasury follow in the next release.",
                        "Проєкти органів місцевого самоврядування пов'язано з їхніми закупівлями; "
                        "платежі казначейства додамо в наступному випуску.",
                    ),
                    milestone=2,
                    progress=55,
                ),
            ),
            independent={
                "verifiability": "verifiable",
                "relevance_access_to_information": "yes",
                "relevance_civic_participation": "no",
                "relevance_public_accountability": "yes",
                "relevance_technology": "yes",
                "potential_for_results": "substantial",
                "promising": True,
                "summary": (
                    "Promising: the register could become the reference for reconstruction "
                    "spending if donors' projects are included.",
                    "Перспективне: реєстр може стати еталоном для витрат на відновлення, якщо "
                    "до нього ввійдуть проєкти донорів.",
                ),
            },
            self_assessment={
                "completion": "substantial",
                "summary": (
                    "All regional administrations enter their projects; linking payments is the "
                    "remaining work.",
                    "Усі обласні адміністрації вносять свої проєкти; залишилося пов'язати платежі.",
                ),
            },
            monitoring={
                "completion": "limited",
                "summary": (
                    "Many local projects still lack documents and photos of the result.",
                    "Багатьом місцевим проєктам досі бракує документів і фото результату.",
                ),
            },
            followed=True,
        ),
        _ua(
            "2",
            (
                "Verify the beneficial ownership data in the Unified State Register and publish "
                "the results of checks",
                "Перевіряти дані про кінцевих бенефіціарних власників в Єдиному державному "
                "реєстрі та оприлюднювати результати перевірок",
                "Verificarea datelor despre beneficiarii reali din Registrul de stat unificat și "
                "publicarea rezultatelor",
                "Проверка на данните за действителните собственици в Единния държавен регистър "
                "и публикуване на резултатите",
            ),
            (
                "Verified beneficial owners",
                "Перевірені бенефіціари",
                "Beneficiari reali verificați",
                "Проверени действителни собственици",
            ),
            (
                "Beneficial ownership data are open but self-declared; false declarations are "
                "rarely found or punished.",
                "Дані про бенефіціарів відкриті, але самозадекларовані; неправдиві декларації "
                "рідко виявляють і карають.",
            ),
            (
                "The registrar checks declarations against other registers and marks the "
                "doubtful ones publicly.",
                "Реєстратор звіряє декларації з іншими реєстрами та публічно позначає сумнівні.",
            ),
            (
                "Users of the data see which entries are reliable, and false ones have "
                "consequences.",
                "Користувачі даних бачать, які записи надійні, а неправдиві мають наслідки.",
            ),
            (ATI, PA),
            ("anti-corruption-and-integrity",),
            "justice",
            (
                MilestoneData(
                    (
                        "Method for checking declarations approved",
                        "Затверджено методику перевірки декларацій",
                        "Metodologia de verificare a declarațiilor aprobată",
                        "Одобрена методика за проверка на декларациите",
                    ),
                    0,
                    3,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Doubtful entries marked in the open data",
                        "Сумнівні записи позначено у відкритих даних",
                        "Înregistrările îndoielnice marcate în datele deschise",
                        "Съмнителните записи отбелязани в отворените данни",
                    ),
                    3,
                    16,
                    NOT_STARTED,
                ),
                MilestoneData(
                    (
                        "First annual report on checks",
                        "Перший щорічний звіт про перевірки",
                        "Primul raport anual privind verificările",
                        "Първи годишен отчет за проверките",
                    ),
                    12,
                    21,
                    NOT_STARTED,
                ),
            ),
            independent={
                "verifiability": "verifiable",
                "relevance_access_to_information": "yes",
                "relevance_civic_participation": "no",
                "relevance_public_accountability": "yes",
                "relevance_technology": "no",
                "potential_for_results": "substantial",
                "summary": (
                    "Builds on earlier plans; the sanctions depend on a law still in parliament.",
                    "Продовжує попередні плани; санкції залежать від закону, який ще в парламенті.",
                ),
            },
            monitoring={"completion": "not_started"},
        ),
        _ua(
            "3",
            (
                "Restore full public access to officials' asset declarations and publish the "
                "results of their checks",
                "Відновити повний публічний доступ до декларацій посадовців і оприлюднювати "
                "результати їх перевірок",
                "Restabilirea accesului public deplin la declarațiile de avere ale "
                "funcționarilor și publicarea rezultatelor verificărilor",
                "Възстановяване на пълния публичен достъп до имуществените декларации на "
                "длъжностните лица и публикуване на резултатите от проверките",
            ),
            (
                "Public asset declarations",
                "Відкриті декларації",
                "Declarații de avere publice",
                "Публични имуществени декларации",
            ),
            (
                "Access to declarations was closed during martial law; citizens and journalists "
                "lost an important control.",
                "Доступ до декларацій закрили на час воєнного стану; громадяни й журналісти "
                "втратили важливий інструмент контролю.",
            ),
            (
                "Declarations are open again, with the data of the full checks published in the "
                "register.",
                "Декларації знову відкриті, а результати повних перевірок публікуються в реєстрі.",
            ),
            (
                "The public can again compare officials' wealth with their income.",
                "Громадськість знову може зіставляти статки посадовців з їхніми доходами.",
            ),
            (ATI, PA),
            ("anti-corruption-and-integrity", "access-to-information"),
            "nacp",
            (
                MilestoneData(
                    (
                        "Public access to the register restored",
                        "Відновлено публічний доступ до реєстру",
                        "Accesul public la registru restabilit",
                        "Възстановен публичният достъп до регистъра",
                    ),
                    0,
                    2,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Results of full checks published in the register",
                        "Результати повних перевірок оприлюднюються в реєстрі",
                        "Rezultatele verificărilor complete publicate în registru",
                        "Резултатите от пълните проверки публикувани в регистъра",
                    ),
                    2,
                    8,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Open data set of declarations updated daily",
                        "Набір відкритих даних декларацій оновлюється щодня",
                        "Setul de date deschise al declarațiilor actualizat zilnic",
                        "Наборът от отворени данни за декларациите се обновява ежедневно",
                    ),
                    6,
                    18,
                    IN_PROGRESS,
                    reported=40,
                ),
            ),
            independent={
                "verifiability": "verifiable",
                "relevance_access_to_information": "yes",
                "relevance_civic_participation": "no",
                "relevance_public_accountability": "yes",
                "relevance_technology": "yes",
                "potential_for_results": "substantial",
                "promising": True,
                "summary": (
                    "Promising: restoring access reverses a step back in openness.",
                    "Перспективне: відновлення доступу повертає втрачену відкритість.",
                ),
            },
            self_assessment={"completion": "substantial"},
        ),
        _ua(
            "4",
            (
                "Publish how international aid to the state budget is spent, in open formats, "
                "every month",
                "Щомісяця оприлюднювати у відкритих форматах, як витрачається міжнародна допомога "
                "державному бюджету",
                "Publicarea lunară, în formate deschise, a modului în care este cheltuit ajutorul "
                "internațional pentru bugetul de stat",
                "Ежемесечно публикуване в отворени формати как се изразходва международната "
                "помощ за държавния бюджет",
            ),
            (
                "Open aid spending",
                "Відкрита допомога",
                "Ajutor extern transparent",
                "Прозрачна помощ",
            ),
            (
                "Budget support from partners is reported in aggregates; citizens cannot see "
                "which expenses it paid for.",
                "Бюджетну підтримку партнерів звітують агреговано; громадяни не бачать, які "
                "видатки з неї профінансовано.",
            ),
            (
                "The Ministry of Finance publishes monthly data on aid received and the budget "
                "programmes it financed.",
                "Міністерство фінансів щомісяця оприлюднює дані про отриману допомогу та "
                "бюджетні програми, які з неї профінансовано.",
            ),
            (
                "Taxpayers here and abroad can see what the aid pays for.",
                "Платники податків в Україні й за кордоном бачать, на що йде допомога.",
            ),
            (ATI, PA),
            ("fiscal-openness",),
            "finance",
            (
                MilestoneData(
                    (
                        "Monthly data on aid received",
                        "Щомісячні дані про отриману допомогу",
                        "Date lunare privind ajutorul primit",
                        "Месечни данни за получената помощ",
                    ),
                    0,
                    3,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Aid linked to budget programmes",
                        "Допомогу пов'язано з бюджетними програмами",
                        "Ajutorul legat de programele bugetare",
                        "Помощта свързана с бюджетните програми",
                    ),
                    3,
                    16,
                    IN_PROGRESS,
                    reported=35,
                ),
                MilestoneData(
                    (
                        "Annual report on aid spending discussed with civil society",
                        "Щорічний звіт про витрати допомоги обговорено з громадськістю",
                        "Raportul anual privind ajutorul dezbătut cu societatea civilă",
                        "Годишен отчет за разходите от помощта, обсъден с гражданското общество",
                    ),
                    12,
                    20,
                    NOT_STARTED,
                ),
            ),
            independent={
                "verifiability": "verifiable",
                "relevance_access_to_information": "yes",
                "relevance_civic_participation": "no",
                "relevance_public_accountability": "no",
                "relevance_technology": "no",
                "potential_for_results": "modest",
            },
            monitoring={"completion": "no_data"},
        ),
        _ua(
            "5",
            (
                "Create one online system for requests for public information, with statistics "
                "on answers and delays",
                "Створити єдину онлайн-систему запитів на публічну інформацію зі статистикою "
                "відповідей і порушень строків",
                "Un sistem online unic pentru cererile de informații publice, cu statistici "
                "privind răspunsurile și întârzierile",
                "Единна онлайн система за заявления за достъп до обществена информация със "
                "статистика за отговорите и закъсненията",
            ),
            (
                "Single information-request system",
                "Єдина система запитів",
                "Sistem unic pentru cereri de informații",
                "Единна система за заявления",
            ),
            (
                "Each body receives requests in its own way; nobody knows how many are refused "
                "or answered late.",
                "Кожен орган приймає запити по-своєму; ніхто не знає, скільки з них відхилено чи "
                "виконано із запізненням.",
            ),
            (
                "A single system on the government portal receives requests to all central "
                "bodies and publishes statistics.",
                "Єдина система на урядовому порталі приймає запити до всіх центральних органів "
                "і публікує статистику.",
            ),
            (
                "Requesters have one place to ask, and the Ombudsman sees where the law is not "
                "respected.",
                "Запитувачі мають одне місце для запитів, а Уповноважений бачить, де порушують "
                "закон.",
            ),
            (ATI, TECH),
            ("access-to-information", "e-government"),
            "digital",
            (
                MilestoneData(
                    (
                        "Requirements agreed with the Ombudsman",
                        "Вимоги погоджено з Уповноваженим",
                        "Cerințele convenite cu Avocatul Poporului",
                        "Изискванията съгласувани с омбудсмана",
                    ),
                    0,
                    2,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "System live for ten central bodies",
                        "Систему запущено для десяти центральних органів",
                        "Sistemul funcțional pentru zece autorități centrale",
                        "Системата работи за десет централни органа",
                    ),
                    2,
                    3,
                    IN_PROGRESS,
                    reported=70,
                ),
                MilestoneData(
                    (
                        "Quarterly statistics published",
                        "Щоквартальна статистика оприлюднюється",
                        "Statistici trimestriale publicate",
                        "Публикувани тримесечни статистики",
                    ),
                    12,
                    20,
                    NOT_STARTED,
                ),
            ),
            independent={
                "verifiability": "not_verifiable",
                "relevance_access_to_information": "yes",
                "relevance_civic_participation": "no",
                "relevance_public_accountability": "no",
                "relevance_technology": "yes",
                "potential_for_results": "not_reviewed",
                "summary": (
                    "Not reviewed: the plan does not say which bodies join the system, so the "
                    "result cannot be verified.",
                    "Не оцінювалося: план не визначає, які органи приєднуються до системи, тож "
                    "результат неможливо перевірити.",
                ),
            },
        ),
        _ua(
            "6",
            (
                "Publish quality standards and results of the free legal aid system by region",
                "Оприлюднювати стандарти якості й результати системи безоплатної правничої "
                "допомоги за регіонами",
                "Publicarea standardelor de calitate și a rezultatelor sistemului de asistență "
                "juridică gratuită, pe regiuni",
                "Публикуване на стандартите за качество и резултатите от системата за безплатна "
                "правна помощ по региони",
            ),
            (
                "Open free legal aid",
                "Відкрита правнича допомога",
                "Asistență juridică gratuită transparentă",
                "Прозрачна безплатна правна помощ",
            ),
            (
                "People displaced by the war need legal help most, but quality and waiting "
                "times differ widely between regions and are not public.",
                "Внутрішньо переміщені особи найбільше потребують правничої допомоги, але якість "
                "і строки очікування різняться між регіонами й не оприлюднюються.",
            ),
            (
                "The Ministry of Justice publishes quality standards and quarterly data on cases, "
                "waiting times and client satisfaction by region.",
                "Міністерство юстиції оприлюднює стандарти якості та щоквартальні дані про "
                "справи, строки очікування й задоволеність клієнтів за регіонами.",
            ),
            (
                "Gaps in access to justice become visible and can be closed.",
                "Прогалини в доступі до правосуддя стають видимими, і їх можна усунути.",
            ),
            (ATI, PA),
            ("justice", "gender"),
            "justice",
            (
                MilestoneData(
                    (
                        "Quality standards published",
                        "Стандарти якості оприлюднено",
                        "Standardele de calitate publicate",
                        "Публикувани стандартите за качество",
                    ),
                    0,
                    3,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Quarterly data by region, including for displaced people",
                        "Щоквартальні дані за регіонами, зокрема щодо ВПО",
                        "Date trimestriale pe regiuni, inclusiv pentru persoanele strămutate",
                        "Тримесечни данни по региони, включително за разселените лица",
                    ),
                    3,
                    18,
                    IN_PROGRESS,
                    reported=25,
                ),
                MilestoneData(
                    (
                        "Client satisfaction survey published",
                        "Оприлюднено опитування задоволеності клієнтів",
                        "Sondajul de satisfacție al beneficiarilor publicat",
                        "Публикувано проучване на удовлетвореността",
                    ),
                    12,
                    20,
                    NOT_STARTED,
                ),
            ),
            independent={
                "verifiability": "verifiable",
                "relevance_access_to_information": "yes",
                "relevance_civic_participation": "no",
                "relevance_public_accountability": "yes",
                "relevance_technology": "no",
                "potential_for_results": "modest",
            },
        ),
        _ua(
            "7",
            (
                "Hold electronic public consultations on draft regulations of central bodies on "
                "one portal, with a report on each",
                "Проводити електронні консультації з громадськістю щодо проєктів актів "
                "центральних органів на єдиному порталі зі звітом про кожну",
                "Consultări publice electronice privind proiectele de acte normative ale "
                "autorităților centrale pe un portal unic, cu un raport pentru fiecare",
                "Електронни обществени консултации по проектите на нормативни актове на "
                "централните органи на единен портал, с отчет за всяка",
            ),
            (
                "E-consultations on draft acts",
                "Е-консультації щодо проєктів актів",
                "E-consultări privind proiectele de acte",
                "Е-консултации по проектите на актове",
            ),
            (
                "Draft regulations are published on dozens of sites, often with a few days to "
                "comment, and reports on the consultations are rare.",
                "Проєкти актів публікують на десятках сайтів, часто з кількома днями на "
                "коментарі, а звіти про консультації — рідкість.",
            ),
            (
                "All central bodies consult on one portal, with at least 15 days for comments "
                "and a report on how comments were considered.",
                "Усі центральні органи проводять консультації на одному порталі, щонайменше 15 "
                "днів на коментарі та зі звітом про їх врахування.",
            ),
            (
                "Civil society can follow every draft in one place and see the effect of its "
                "comments.",
                "Громадськість може стежити за кожним проєктом в одному місці й бачити вплив "
                "своїх коментарів.",
            ),
            (CP, TECH),
            ("public-participation", "civic-space", "digital-governance"),
            "digital",
            (
                MilestoneData(
                    (
                        "Consultation module on the government portal",
                        "Модуль консультацій на урядовому порталі",
                        "Modulul de consultări pe portalul guvernului",
                        "Модул за консултации на правителствения портал",
                    ),
                    0,
                    3,
                    COMPLETE,
                ),
                MilestoneData(
                    (
                        "Cabinet resolution on minimum consultation periods",
                        "Постанова Кабміну про мінімальні строки консультацій",
                        "Hotărârea guvernului privind termenele minime de consultare",
                        "Постановление на правителството за минималните срокове на консултациите",
                    ),
                    1,
                    3,
                    NOT_STARTED,
                ),
                MilestoneData(
                    (
                        "All ministries consult on the portal",
                        "Усі міністерства консультуються на порталі",
                        "Toate ministerele organizează consultări pe portal",
                        "Всички министерства провеждат консултации на портала",
                    ),
                    6,
                    18,
                    IN_PROGRESS,
                    reported=30,
                ),
            ),
            independent={
                "verifiability": "verifiable",
                "relevance_access_to_information": "no",
                "relevance_civic_participation": "yes",
                "relevance_public_accountability": "no",
                "relevance_technology": "yes",
                "potential_for_results": "substantial",
                "summary": (
                    "Substantial potential if the resolution on consultation periods is adopted.",
                    "Значний потенціал, якщо буде ухвалено постанову про строки консультацій.",
                ),
            },
            self_assessment={"completion": "limited"},
            monitoring={"completion": "limited"},
            followed=True,
        ),
    ),
)
