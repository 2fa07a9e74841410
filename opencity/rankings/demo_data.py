"""Demo content for rankings: the 2020 edition of the "Transparent Cities" methodology, shipped as
the CSV files of the methodology import format, and sample assessor notes per indicator.

The CSV files in ``data/demo_methodology/`` are read through the same reader as an uploaded ZIP of
CSV files, so ``exchange.methodology_import(actor=..., tables=demo_methodology_tables())`` creates
the methodology exactly as an import from the methodology page would.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from opencity.rankings import exchange

DEMO_METHODOLOGY_DIR = Path(__file__).resolve().parent / "data" / "demo_methodology"


def demo_methodology_tables() -> dict[str, list[dict[str, str]]]:
    """The five tables of the demo methodology, read as an uploaded ZIP of CSV files is."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in exchange.COLUMNS:
            archive.writestr(f"{table}.csv", (DEMO_METHODOLOGY_DIR / f"{table}.csv").read_bytes())
    buffer.seek(0)
    return exchange.read_csv_zip(buffer)


# For each indicator of the demo methodology: what an assessor might write for a full, a partial
# and a missing finding, and the recommendation given to the city. Used for demo answers.
INDICATOR_NOTES: dict[str, dict[str, str]] = {
    # 1. Information about the work of the local council
    "1.1": {
        "full": (
            "The current rules of procedure and all six committee regulations are in the council "
            "section, with amendments up to this year."
        ),
        "partial": (
            "The rules of procedure are online, but the committee regulations still date from the "
            "previous convocation."
        ),
        "none": (
            "Neither the rules of procedure nor the committee regulations could be found on the "
            "website."
        ),
        "recommendation": (
            "Publish the current rules of procedure and committee regulations as text in the "
            "council section and update them after every amendment."
        ),
    },
    "1.2": {
        "full": "All ten sampled drafts were published 21 to 30 working days before the vote.",
        "partial": (
            "Six of the ten sampled drafts were published on time; four appeared less than a week "
            "before the session."
        ),
        "none": "Drafts are published on the day of the session or not at all.",
        "recommendation": (
            "Publish every draft decision at least 20 working days before the vote, with the "
            "publication date visible on the page."
        ),
    },
    "1.3": {
        "full": (
            "Agendas of the last three sessions and of all committee meetings were published a "
            "week in advance with date, time and place."
        ),
        "partial": (
            "Plenary agendas are published on time, but committee meetings are announced only the "
            "day before."
        ),
        "none": "No agendas are published; residents learn about sessions from the local press.",
        "recommendation": (
            "Announce every plenary session and committee meeting at least five days ahead, with "
            "agenda, date, time and place."
        ),
    },
    "1.4": {
        "full": (
            "Roll-call results for every vote are on the open-data portal in CSV within two days "
            "of each session."
        ),
        "partial": (
            "Roll-call results are published, but only as scanned PDF printouts of the voting "
            "system."
        ),
        "none": "Only the totals for and against are given; individual votes are not published.",
        "recommendation": (
            "Export roll-call results from the voting system and publish them in CSV or JSON "
            "within five working days of every session."
        ),
    },
    "1.5": {
        "full": (
            "All three recent sessions were streamed on the council channel and full recordings "
            "are kept in the archive."
        ),
        "partial": (
            "Sessions are streamed, but recordings of two sessions were removed after a week."
        ),
        "none": "Sessions are not streamed and no recordings are published.",
        "recommendation": (
            "Stream every plenary session and keep the complete recordings available for at least "
            "the whole term."
        ),
    },
    "1.6": {
        "full": (
            "The register of decisions can be searched by number, date and title; all ten sampled "
            "decisions were online within three working days."
        ),
        "partial": (
            "Decisions are published, but in a monthly PDF bundle with no search; three were late."
        ),
        "none": "Adopted decisions are not published on the website.",
        "recommendation": (
            "Keep a searchable register of decisions and publish each decision within five "
            "working days of signing."
        ),
    },
    "1.7": {
        "full": "Reports for the last year are published for 33 of the 36 councillors.",
        "partial": "Only 21 of 36 councillors have published a report for the last year.",
        "none": "Only four councillors have published a report on the council website.",
        "recommendation": (
            "Set a common date and a simple template for councillors' annual reports and publish "
            "them on one page."
        ),
    },
    "1.8": {
        "full": (
            "The mayor's report was presented at an open meeting announced two weeks ahead and "
            "the full text is online."
        ),
        "partial": (
            "The report is published, but it was presented only at a closed session of the "
            "executive committee."
        ),
        "none": "No annual report of the mayor could be found.",
        "recommendation": (
            "Present the mayor's annual report at an open, announced meeting and publish the full "
            "text the same day."
        ),
    },
    # 2. Access and participation
    "2.1": {
        "full": (
            "The city answered all questions of the test request completely, on the fourth "
            "working day."
        ),
        "partial": (
            "The answer arrived on time but left the questions on salaries and leases unanswered."
        ),
        "none": "No answer was received to the test request.",
        "recommendation": (
            "Answer every information request in full within the legal deadline, and give legal "
            "grounds for any part refused."
        ),
    },
    "2.2": {
        "full": (
            "The access-to-information page is one click from the home page, explains the "
            "procedure and offers a form and an e-mail address."
        ),
        "partial": (
            "There is an e-mail address for requests, but no form and no explanation of the "
            "procedure."
        ),
        "none": "The website does not say how to submit an information request.",
        "recommendation": (
            "Add a page on access to information with the procedure, deadlines, an online form "
            "and an e-mail address, linked from the home page."
        ),
    },
    "2.3": {
        "full": (
            "Local consultation rules are in force and each of last year's consultations has a "
            "report answering every proposal."
        ),
        "partial": "Rules exist, but the reports only say how many proposals were received.",
        "none": "There are no local consultation rules and no consultation reports.",
        "recommendation": (
            "Adopt local rules for public consultations and publish, after each one, every "
            "proposal with the reason for accepting or rejecting it."
        ),
    },
    "2.4": {
        "full": (
            "The participatory budget platform shows the rules, all submitted projects, the votes "
            "and the progress of each winning project."
        ),
        "partial": (
            "Projects and votes are published, but there is no information on whether the winning "
            "projects were carried out."
        ),
        "none": "The city has no participatory budget.",
        "recommendation": (
            "Publish the implementation status of every winning project, with photos and "
            "spending, on the participatory budget platform."
        ),
    },
    "2.5": {
        "full": (
            "All five petitions that reached the threshold last year have a published answer "
            "signed by the mayor."
        ),
        "partial": (
            "The e-petition service works, but two of the five qualifying petitions have no answer."
        ),
        "none": "Residents cannot submit electronic petitions to the city.",
        "recommendation": (
            "Answer every petition that reaches the threshold within the set deadline and publish "
            "the answer next to the petition."
        ),
    },
    "2.6": {
        "full": "The city publishes 27 data sets on the national portal, all updated on schedule.",
        "partial": (
            "Twelve data sets are listed, but five have not been updated for more than a year."
        ),
        "none": "The city has published fewer than ten data sets, most of them as PDF.",
        "recommendation": (
            "Adopt a list of priority data sets with update schedules and appoint someone "
            "responsible for keeping them current."
        ),
    },
    "2.7": {
        "full": (
            "Quarterly statistics on appeals, with topics and average answer time, are published "
            "for the whole year."
        ),
        "partial": "Only an annual total of appeals is published, without topics or answer times.",
        "none": "No statistics on residents' appeals are published.",
        "recommendation": (
            "Publish quarterly statistics on appeals: number, main topics and average time to "
            "answer."
        ),
    },
    # 3. Procurement
    "3.1": {
        "full": (
            "The annual plan and its nine amendments are in the e-procurement system and linked "
            "from the procurement page."
        ),
        "partial": "The plan is in the e-procurement system, but the website gives no link to it.",
        "none": "No annual procurement plan is published for this year.",
        "recommendation": (
            "Publish the annual plan and every amendment in the e-procurement system and link "
            "them from the city website."
        ),
    },
    "3.2": {
        "full": (
            "The annual procurement report covers the council and all departments and gives "
            "value, number of procedures, competitive share and savings."
        ),
        "partial": "The report covers only the council's own purchases and gives no savings.",
        "none": "The city does not publish a procurement report.",
        "recommendation": (
            "Publish an annual procurement report for all municipal buyers with total value, "
            "procedures, competitive share and savings."
        ),
    },
    "3.3": {
        "full": "Competitive procedures made up 71% of the value contracted last year.",
        "partial": "Competitive procedures made up 46% of the value, just below the threshold.",
        "none": (
            "Only 22% of the value went through competitive procedures; most contracts were "
            "direct awards."
        ),
        "recommendation": (
            "Plan purchases ahead and use competitive procedures, also below the thresholds, to "
            "reach at least half of the contracted value."
        ),
    },
    "3.4": {
        "full": (
            "A council decision requires small purchases to go through the e-procurement system; "
            "all five sampled purchases are there."
        ),
        "partial": (
            "The rule exists, but two of the five sampled small purchases are not in the system."
        ),
        "none": "There is no rule on small purchases and they are not published.",
        "recommendation": (
            "Adopt a decision requiring every purchase below the thresholds to be published in "
            "the e-procurement system."
        ),
    },
    "3.5": {
        "full": "No complaint against the city's tender conditions was upheld last year.",
        "partial": (
            "One complaint was upheld on a minor point; the conditions were corrected and the "
            "tender went ahead."
        ),
        "none": (
            "Three complaints about discriminatory requirements were upheld by the review body "
            "last year."
        ),
        "recommendation": (
            "Review tender documents against the review body's past decisions before publishing "
            "them, and train staff on non-discriminatory requirements."
        ),
    },
    "3.6": {
        "full": (
            "All ten sampled contracts have the contract, amendments and completion report "
            "published on time."
        ),
        "partial": (
            "Contracts are published, but four of the ten sampled have no completion report."
        ),
        "none": "Most sampled contracts were published late or lack their amendments.",
        "recommendation": (
            "Publish every contract, amendment and completion report within the legal deadlines; "
            "check this monthly."
        ),
    },
    "3.7": {
        "full": (
            "The procurement page links to a dashboard covering the council, 14 municipal "
            "enterprises, schools and hospitals."
        ),
        "partial": "The dashboard covers only the council and its departments.",
        "none": "The city does not link to any procurement dashboard.",
        "recommendation": (
            "Link a public dashboard that covers every municipal buyer, including enterprises, "
            "schools and hospitals."
        ),
    },
    # 4. Housing policy
    "4.1": {
        "full": (
            "The housing page describes who can join the waiting list, the procedure, the "
            "documents and where to apply."
        ),
        "partial": "The list of documents is published, but not the eligibility rules.",
        "none": "There is no information on how to join the housing waiting list.",
        "recommendation": (
            "Publish the eligibility rules, the procedure, the documents and the place to apply "
            "on one page."
        ),
    },
    "4.2": {
        "full": (
            "All waiting lists are published, updated in March, with applicants shown by file "
            "number."
        ),
        "partial": "The lists are published, but the latest update is two years old.",
        "none": "The waiting lists are not published.",
        "recommendation": (
            "Publish all waiting lists at least once a year, identifying applicants by file "
            "number only."
        ),
    },
    "4.3": {
        "full": (
            "Every allocation decision of last year is published and shows the recipient's place "
            "on the list."
        ),
        "partial": (
            "Allocation decisions are published, but without the recipient's place on the list."
        ),
        "none": "Allocation decisions are not published.",
        "recommendation": (
            "Publish every allocation decision with the recipient's list and place, so that "
            "allocations out of turn are visible."
        ),
    },
    "4.4": {
        "full": (
            "The housing stock register is on the open-data portal with address, type and "
            "occupancy, updated this year."
        ),
        "partial": "A list of municipal flats is published as PDF, without occupancy.",
        "none": "The city does not publish its housing stock.",
        "recommendation": (
            "Publish the municipal housing stock as open data with address, type and occupancy, "
            "and update it at least once a year."
        ),
    },
    "4.5": {
        "full": (
            "The municipal management company publishes a report for every building, with costs "
            "per service and the works done."
        ),
        "partial": "Reports exist for most buildings, but only as a single total cost.",
        "none": (
            "The municipal management company publishes no reports for the buildings it manages."
        ),
        "recommendation": (
            "Require the municipal management company to publish an annual report per building "
            "with costs per service and works done."
        ),
    },
    # 5. Budget process
    "5.1": {
        "full": (
            "The draft budget and explanatory note were published 28 days before the budget "
            "session."
        ),
        "partial": "The draft was published on time, but without the explanatory note.",
        "none": "The draft budget was published only after the council adopted it.",
        "recommendation": (
            "Publish the draft budget with its explanatory note at least 20 days before the "
            "council considers it."
        ),
    },
    "5.2": {
        "full": "The budget and all four amendments are published with every annex in XLSX.",
        "partial": "The budget is published only as a scanned PDF; two amendments are missing.",
        "none": "The adopted budget is not published.",
        "recommendation": (
            "Publish the budget and each amendment with all annexes in a machine-readable format "
            "on the open-data portal."
        ),
    },
    "5.3": {
        "full": (
            "All four quarterly execution reports were published within a month, with spending by "
            "programme."
        ),
        "partial": "Execution reports are published, but two of them months late.",
        "none": "No budget execution reports are published.",
        "recommendation": (
            "Publish a budget execution report every quarter within a month of its end, with "
            "revenue and spending by programme."
        ),
    },
    "5.4": {
        "full": (
            "A twelve-page citizen's budget with charts explains this year's budget in plain "
            "language."
        ),
        "partial": "A citizen's budget exists, but for the year before last.",
        "none": "The city does not publish a citizen's budget.",
        "recommendation": (
            "Publish a short citizen's budget every year, soon after the budget is adopted."
        ),
    },
    "5.5": {
        "full": (
            "The budget hearing was announced two weeks ahead and the record answers each of the "
            "18 proposals."
        ),
        "partial": "A hearing took place, but no record of the proposals was published.",
        "none": "No public hearing on the draft budget was held.",
        "recommendation": (
            "Hold an announced public hearing on every draft budget and publish the record with "
            "the city's response to each proposal."
        ),
    },
    "5.6": {
        "full": (
            "Programme passports and performance reports are published for all three largest "
            "spending units."
        ),
        "partial": (
            "Passports are published, but performance reports are missing for two spending units."
        ),
        "none": "Budget programme passports and reports are not published.",
        "recommendation": (
            "Publish programme passports each year and the performance reports once the year is "
            "closed."
        ),
    },
    "5.7": {
        "full": "All 23 spending units published their payments on the portal last quarter.",
        "partial": "Four spending units, mainly schools, have not published their payments.",
        "none": "Most spending units do not publish their payments on the portal.",
        "recommendation": (
            "Check quarterly that every spending unit publishes its payments and remind those "
            "that do not."
        ),
    },
    # 6. Financial and material assistance, grants
    "6.1": {
        "full": (
            "The council decision on financial assistance sets criteria, maximum amounts, "
            "documents and the committee that decides."
        ),
        "partial": "The rules are published, but do not say who decides or the maximum amounts.",
        "none": "No rules are published; assistance is granted on councillors' requests.",
        "recommendation": (
            "Adopt and publish rules for financial assistance with criteria, maximum amounts, "
            "documents and the deciding body."
        ),
    },
    "6.2": {
        "full": "Quarterly totals of assistance, by category, are published on the social page.",
        "partial": "The city gave the totals in reply to the request, but does not publish them.",
        "none": "No data on financial assistance granted are available.",
        "recommendation": (
            "Publish each quarter the number of recipients and total amounts of assistance by "
            "category, without personal data."
        ),
    },
    "6.3": {
        "full": (
            "All CSO funding went through two competitions with published rules, committee and "
            "scores."
        ),
        "partial": (
            "A competition is held, but a third of the funding went to organisations directly by "
            "council decision."
        ),
        "none": "Organisations are funded by direct decisions, without any competition.",
        "recommendation": (
            "Award all funding for civil-society organisations through open competitions and "
            "publish each applicant's scores."
        ),
    },
    "6.4": {
        "full": "Final reports of all five sampled grants are published on the grants page.",
        "partial": "Financial reports are published, but not the narrative reports.",
        "none": "Grant recipients' reports are not published.",
        "recommendation": (
            "Publish the final narrative and financial report of every grant within three months "
            "of its end."
        ),
    },
    "6.5": {
        "full": (
            "Each subsidy to municipal enterprises last year rests on a published decision "
            "stating purpose and amount."
        ),
        "partial": (
            "Most subsidies have decisions, but two were paid under a general budget line without "
            "a decision."
        ),
        "none": "The city did not say which subsidies it paid to its enterprises.",
        "recommendation": (
            "Grant every subsidy or capital contribution by a published decision that states "
            "purpose and amount."
        ),
    },
    "6.6": {
        "full": (
            "A CSV of all grant and subsidy recipients with identification codes and amounts is "
            "on the open-data portal."
        ),
        "partial": "A list of recipients is published as PDF, without amounts.",
        "none": "No list of recipients of grants or subsidies is published.",
        "recommendation": (
            "Publish every year, as open data, the list of recipients of grants and subsidies "
            "with purposes and amounts."
        ),
    },
    # 7. Social services
    "7.1": {
        "full": (
            "All 14 services of the social services programme are described with eligibility, how "
            "to apply and documents."
        ),
        "partial": "Nine of the 14 services are described; the others only named.",
        "none": "The website gives only the address of the social services department.",
        "recommendation": (
            "Describe every social service on the website with eligibility, how to apply and the "
            "documents needed."
        ),
    },
    "7.2": {
        "full": "A needs assessment made last year is published with its methodology and findings.",
        "partial": "A needs assessment exists, but it is five years old.",
        "none": "The city has never assessed residents' needs for social services.",
        "recommendation": "Carry out a needs assessment at least every three years and publish it.",
    },
    "7.3": {
        "full": (
            "All providers are listed with address, phone and hours; both numbers called were "
            "answered."
        ),
        "partial": "Providers are listed, but one of the two numbers called no longer works.",
        "none": (
            "Only the social services department is listed; providers funded by the city are not."
        ),
        "recommendation": (
            "Publish and check twice a year the contacts and hours of every social service "
            "provider funded by the city."
        ),
    },
    "7.4": {
        "full": (
            "Home care, day care and emergency accommodation can all be requested online or at "
            "the one-stop centre."
        ),
        "partial": (
            "Home care can be requested online, but emergency accommodation requires a visit to "
            "the shelter."
        ),
        "none": "All services must be requested in person at the social services department.",
        "recommendation": (
            "Let residents request the main social services online or at the one-stop centre."
        ),
    },
    "7.5": {
        "full": (
            "Two open competitions for social services were held last year and their results are "
            "published."
        ),
        "partial": (
            "Services were commissioned from outside providers, but without a published "
            "competition."
        ),
        "none": "The city does not commission social services from non-governmental providers.",
        "recommendation": (
            "Commission social services through open competitions with published conditions and "
            "results."
        ),
    },
    # 8. Personnel issues
    "8.1": {
        "full": (
            "All vacancies last year were filled through announced competitions, each with "
            "published results."
        ),
        "partial": "Competitions are announced, but results are not published.",
        "none": "No competitions for vacancies are announced on the website.",
        "recommendation": (
            "Announce every vacancy on the website with requirements and deadlines and publish "
            "the result of each competition."
        ),
    },
    "8.2": {
        "full": (
            "Each competition committee included an independent expert and the composition was "
            "published."
        ),
        "partial": "An independent member took part in some committees only.",
        "none": "Committees consist only of the administration's staff.",
        "recommendation": (
            "Include at least one independent member in every competition committee and publish "
            "its composition."
        ),
    },
    "8.3": {
        "full": (
            "The structure is current and every head of department has a name, phone and e-mail."
        ),
        "partial": (
            "The structure is published, but four heads of department have no contact details."
        ),
        "none": "The structure of the administration is not published.",
        "recommendation": (
            "Publish the current structure with the name, work phone and e-mail of every head of "
            "department."
        ),
    },
    "8.4": {
        "full": "Monthly pay with bonuses for all senior positions for the last year is published.",
        "partial": "Only base salaries are given, without bonuses.",
        "none": "The city refused to disclose salaries, citing personal data.",
        "recommendation": (
            "Publish the pay, including bonuses, of the mayor, deputies, council secretary and "
            "heads of departments."
        ),
    },
    "8.5": {
        "full": (
            "Both managers appointed in the last two years were chosen through announced "
            "competitions with published results."
        ),
        "partial": "One manager was chosen by competition; another was appointed without one.",
        "none": "Managers of municipal enterprises are appointed without competitions.",
        "recommendation": (
            "Appoint every manager of a municipal enterprise through an open competition with "
            "published conditions and results."
        ),
    },
    "8.6": {
        "full": (
            "The staffing report for last year gives staff numbers, vacancies, turnover and "
            "gender balance."
        ),
        "partial": "Only the number of staff is published.",
        "none": "No staffing report is published.",
        "recommendation": (
            "Publish an annual staffing report with staff numbers, vacancies, turnover and gender "
            "balance."
        ),
    },
    # 9. Anti-corruption policy and professional ethics
    "9.1": {
        "full": (
            "The code of ethics covers officials and councillors and sets out how breaches are "
            "reported and examined."
        ),
        "partial": "A code exists for officials, but not for councillors.",
        "none": "The council has not adopted a code of ethics.",
        "recommendation": (
            "Adopt a code of ethics for officials and councillors with a procedure for examining "
            "breaches."
        ),
    },
    "9.2": {
        "full": (
            "The anti-corruption programme, the risk assessment and last year's report are all "
            "published."
        ),
        "partial": "A programme is published, but no risk assessment or report on it.",
        "none": "The city has no anti-corruption programme.",
        "recommendation": (
            "Base the anti-corruption programme on a risk assessment and publish a yearly report "
            "on its implementation."
        ),
    },
    "9.3": {
        "full": (
            "The anti-corruption officer's name, phone and e-mail are on the anti-corruption page."
        ),
        "partial": "An officer is appointed, but only a general phone number is given.",
        "none": "No official responsible for preventing corruption is named.",
        "recommendation": (
            "Publish the name and direct contacts of the official responsible for preventing "
            "corruption."
        ),
    },
    "9.4": {
        "full": (
            "A dedicated channel accepts anonymous reports and the page explains protection and "
            "follow-up."
        ),
        "partial": "Reports can be sent to a general e-mail address; protection is not explained.",
        "none": "There is no channel for whistleblower reports.",
        "recommendation": (
            "Set up a protected channel that accepts anonymous reports and explain on the website "
            "how whistleblowers are protected."
        ),
    },
    "9.5": {
        "full": (
            "In the three sessions reviewed, two conflicts were declared, recorded in the "
            "minutes, and those councillors did not vote."
        ),
        "partial": "Conflicts are declared orally, but the minutes do not record them.",
        "none": (
            "A councillor voted on a lease to a company owned by a relative without declaring the "
            "conflict."
        ),
        "recommendation": (
            "Record every declared conflict of interest in the minutes and remind councillors "
            "before votes on land, leases and grants."
        ),
    },
    "9.6": {
        "full": (
            "Summaries of all four internal audits of last year, with follow-up measures, are "
            "published."
        ),
        "partial": "The audit plan is published, but not the findings.",
        "none": "Nothing about internal audits is published.",
        "recommendation": (
            "Publish a summary of the findings of each internal audit and the measures taken."
        ),
    },
    # 10. Land use and construction
    "10.1": {
        "full": (
            "The master plan and zoning plan are published in full and shown on the city "
            "geoportal with detailed plans."
        ),
        "partial": "The master plan is published as low-resolution images; there is no geoportal.",
        "none": "Neither the master plan nor the zoning plan is published.",
        "recommendation": (
            "Publish the master plan and zoning plan in full and show all planning documents on a "
            "public geoportal."
        ),
    },
    "10.2": {
        "full": (
            "All six detailed plans approved last year had published drafts and hearing reports."
        ),
        "partial": "Drafts are published, but hearing reports are missing for two plans.",
        "none": "Detailed plans are approved without published drafts.",
        "recommendation": (
            "Publish every draft detailed plan before the hearing and the hearing report "
            "afterwards."
        ),
    },
    "10.3": {
        "full": "Both registers are published as CSV and updated monthly.",
        "partial": (
            "The building-permit register is published, but the register of zoning certificates "
            "is not."
        ),
        "none": "Neither register is published.",
        "recommendation": (
            "Publish the registers of zoning certificates and building permits as open data, "
            "updated at least monthly."
        ),
    },
    "10.4": {
        "full": (
            "All land sales and leases last year went through announced auctions with published "
            "results."
        ),
        "partial": "Auctions are held, but a third of the leases were granted without one.",
        "none": "Land is allocated by council decisions without auctions.",
        "recommendation": (
            "Sell and lease municipal land only through announced auctions, except where the law "
            "exempts it, and publish the results."
        ),
    },
    "10.5": {
        "full": "The land map shows the current status of all five sampled plots.",
        "partial": "A map exists, but shows the status of only two of the five sampled plots.",
        "none": "There is no map of municipal land plots.",
        "recommendation": (
            "Publish an online map of municipal land plots with their current status."
        ),
    },
    "10.6": {
        "full": (
            "The rules for developers' contributions and the amounts received per project are "
            "published."
        ),
        "partial": "The rules are published, but not the amounts received.",
        "none": "Neither the rules nor the amounts are published.",
        "recommendation": (
            "Publish the rules for developers' contributions and, every year, the amounts "
            "received and what they were spent on."
        ),
    },
    "10.7": {
        "full": (
            "The inspection plan and the list of completed inspections with findings and "
            "sanctions are published."
        ),
        "partial": "The plan is published, but not the results of inspections.",
        "none": "Nothing about construction inspections is published.",
        "recommendation": (
            "Publish the yearly inspection plan and the results of every completed inspection."
        ),
    },
    # 11. Municipal enterprises
    "11.1": {
        "full": "All 17 municipal enterprises are listed with managers, contacts and statutes.",
        "partial": "Enterprises are listed, but without their founding documents.",
        "none": "No list of municipal enterprises is published.",
        "recommendation": (
            "Publish the list of all municipal enterprises with managers, contacts and founding "
            "documents."
        ),
    },
    "11.2": {
        "full": (
            "Financial plans and annual statements are published for all five largest enterprises."
        ),
        "partial": (
            "Statements are published for three of the five largest enterprises; no financial "
            "plans."
        ),
        "none": "No financial plans or statements of municipal enterprises are published.",
        "recommendation": (
            "Require every municipal enterprise to publish its financial plan and annual "
            "financial statements."
        ),
    },
    "11.3": {
        "full": (
            "The three largest enterprises have supervisory boards with independent members "
            "chosen by competition."
        ),
        "partial": "One enterprise has a supervisory board; the other two do not.",
        "none": "No municipal enterprise has a supervisory board.",
        "recommendation": (
            "Set up supervisory boards with competitively selected independent members for the "
            "largest enterprises."
        ),
    },
    "11.4": {
        "full": (
            "The heating and water companies publish tariff calculations and held consultations "
            "before the last change."
        ),
        "partial": (
            "Tariff calculations are published, but no consultation was held before the last "
            "change."
        ),
        "none": "The utility companies publish only the new tariffs, with no calculation.",
        "recommendation": (
            "Require municipal utilities to publish tariff calculations and consult residents "
            "before every change."
        ),
    },
    "11.5": {
        "full": "Routes and timetables are published as GTFS with a working real-time feed.",
        "partial": "Timetables are published only as PDF on the transport company's website.",
        "none": "The transport company publishes no timetables.",
        "recommendation": (
            "Publish routes and timetables as GTFS on the open-data portal and add a real-time "
            "feed."
        ),
    },
    "11.6": {
        "full": (
            "All five largest enterprises publish their procurement plans and the pay of their "
            "managers."
        ),
        "partial": "Procurement plans are published, but managers' pay only by one enterprise.",
        "none": "Municipal enterprises publish neither procurement plans nor managers' pay.",
        "recommendation": (
            "Require municipal enterprises to publish their procurement plans and the pay of "
            "their managers."
        ),
    },
    # 12. Municipal property
    "12.1": {
        "full": (
            "The property register is on the open-data portal with address, area, use and status, "
            "and includes all five sampled objects."
        ),
        "partial": "The register is published as a scanned PDF and lacks two sampled objects.",
        "none": "No register of municipal property is published.",
        "recommendation": (
            "Publish the full register of municipal property as open data and keep it up to date."
        ),
    },
    "12.2": {
        "full": (
            "All new leases last year went through electronic auctions and the list of available "
            "premises is current."
        ),
        "partial": (
            "Electronic auctions are used, but about half of the leases were extended without one."
        ),
        "none": "Premises are leased without auctions.",
        "recommendation": (
            "Lease municipal premises only through electronic auctions and keep the list of "
            "available premises current."
        ),
    },
    "12.3": {
        "full": (
            "The privatisation programme, the list of objects and the results of all sales are "
            "published."
        ),
        "partial": "The programme is published, but not the sale results.",
        "none": "Nothing about privatisation is published.",
        "recommendation": (
            "Publish the privatisation programme, the list of objects and the buyer and price of "
            "every sale."
        ),
    },
    "12.4": {
        "full": (
            "Lease contracts are published as CSV with tenant, object, area and rent, updated "
            "this quarter."
        ),
        "partial": "A list of tenants is published, but without rents.",
        "none": "Lease contracts are not published.",
        "recommendation": (
            "Publish all current lease contracts as open data with tenant, object, area and rent."
        ),
    },
    "12.5": {
        "full": "The list of properties in free use matches the city's reply to the request.",
        "partial": "A list is published, but the reply to the request names three more users.",
        "none": "The list of properties in free use is not published.",
        "recommendation": (
            "Publish a complete list of properties given for free use, with users and legal "
            "grounds."
        ),
    },
    "12.6": {
        "full": (
            "The annual property report gives lease and sale income and the number of vacant "
            "premises."
        ),
        "partial": "The report is published, but without the number of vacant premises.",
        "none": "The city publishes no report on the management of its property.",
        "recommendation": (
            "Publish an annual property report with lease and sale income and vacant premises."
        ),
    },
    # 13. Education
    "13.1": {
        "full": (
            "All municipal kindergartens use the electronic queue and parents see their child's "
            "position online."
        ),
        "partial": (
            "The electronic queue exists, but five kindergartens still admit children outside it."
        ),
        "none": "There is no electronic queue for kindergartens.",
        "recommendation": (
            "Admit children to every municipal kindergarten only through the electronic queue and "
            "show each position online."
        ),
    },
    "13.2": {
        "full": (
            "Enrolment rules and a catchment map for every school are published for the coming "
            "year."
        ),
        "partial": (
            "Enrolment rules are published, but the catchment areas are from three years ago."
        ),
        "none": "Neither enrolment rules nor catchment areas are published.",
        "recommendation": (
            "Publish enrolment rules and the catchment area of every school before each enrolment "
            "period."
        ),
    },
    "13.3": {
        "full": (
            "All seven sampled schools and kindergartens publish budgets and spending reports "
            "showing donations."
        ),
        "partial": (
            "Budgets are published, but only three of the seven publish spending reports with "
            "donations."
        ),
        "none": "None of the sampled schools or kindergartens publish their budgets.",
        "recommendation": (
            "Require every school and kindergarten to publish its budget and a yearly spending "
            "report that shows donations."
        ),
    },
    "13.4": {
        "full": (
            "All appointments of heads in the last two years followed competitions with published "
            "results."
        ),
        "partial": "Competitions were held, but results with scores were not published.",
        "none": "Heads of schools were appointed without competitions.",
        "recommendation": (
            "Appoint every head of a school or kindergarten by competition and publish the "
            "results with the committee's scores."
        ),
    },
    "13.5": {
        "full": (
            "The education programme has numeric targets and last year's progress report is "
            "published."
        ),
        "partial": "The programme is published, but without numeric targets.",
        "none": "There is no education development programme.",
        "recommendation": (
            "Set numeric targets in the education programme and publish a progress report every "
            "year."
        ),
    },
    # 14. Investment and economic development
    "14.1": {
        "full": (
            "The investment portal lists available sites, incentives and a contact person, in "
            "both languages, updated this year."
        ),
        "partial": (
            "An investment passport exists, but only in the local language and with data from "
            "three years ago."
        ),
        "none": "The city has no investment section.",
        "recommendation": (
            "Keep an investment portal with available sites, incentives and a contact person, in "
            "the local language and English."
        ),
    },
    "14.2": {
        "full": (
            "The economic development strategy has numeric targets and a monitoring report from "
            "this year."
        ),
        "partial": "The strategy is published, but without any monitoring report.",
        "none": "No economic development strategy is published.",
        "recommendation": (
            "Set numeric targets in the economic strategy and publish a monitoring report every "
            "year."
        ),
    },
    "14.3": {
        "full": (
            "All investment agreements of the last three years are published, with limited "
            "justified redactions."
        ),
        "partial": "Two of the five agreements named in the reply are published.",
        "none": "Investment agreements are not published.",
        "recommendation": (
            "Publish every investment agreement with the obligations of each party, removing only "
            "justified commercial secrets."
        ),
    },
    "14.4": {
        "full": (
            "Procedures, documents, deadlines and fees are published for all three business "
            "permits."
        ),
        "partial": (
            "The street-trading permit is described, but outdoor advertising and terraces are not."
        ),
        "none": "No information on business permits is published.",
        "recommendation": (
            "Publish the procedure, documents, deadline and fee for every permit businesses need "
            "from the city."
        ),
    },
    "14.5": {
        "full": (
            "The draft tax decision was published with an impact analysis and adopted before the "
            "year began."
        ),
        "partial": "The decision was adopted on time, but without an impact analysis.",
        "none": "The tax decision was published only after the start of the year.",
        "recommendation": (
            "Publish the draft tax decision with an impact analysis and adopt it before the "
            "budget year begins."
        ),
    },
}
