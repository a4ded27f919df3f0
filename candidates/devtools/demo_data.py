"""What the demo contains: two openings, their candidates and interviewers, evidence texts.

Laid out by hand as specs; `candidates.devtools.demo` turns them into rows.
"""

from dataclasses import dataclass, field

from candidates.models import (
    ClientSize,
    Recommendation,
    Stage,
)

SEED = 2026
NOISE = 0.3  # standard deviation of one rater's noise on one score, in scale points
STRENGTH_SPREAD = 0.5  # standard deviation of a candidate's per-dimension strengths

# Fixed so the random draws do not depend on how a rubric orders its dimensions.
DIMENSION_CODES = (
    "experience",
    "culture_fit",
    "customer_orientation",
    "communication",
    "leadership",
    "crm",
    "ethics",
    "learning",
    "career_potential",
    "performance_history",
)
# A phone screen is too short to judge these.
NOT_ASSESSED_BY_ROUND = {"Phone screen": {"career_potential", "leadership"}}

# The demo's three rounds are rounds of each opening's plan (the rubric's default
# plan): the first two and the last. The demo interviewers opened the dimensions
# outside each round's focus too, so every candidate is ranked on all ten.
PHONE, STRUCTURED, FINAL = "Phone screen", "Structured interview", "Final interview"
PLAN_POSITION = {PHONE: 0, STRUCTURED: 1, FINAL: -1}
ROUND_DAYS_AGO = {PHONE: 24, STRUCTURED: 15, FINAL: 6}
OVERDUE_DAYS_AGO = 3
HELD_HOURS_AGO = 3  # held today: its scorecard is due, not yet overdue
UPCOMING_DAYS_AHEAD = 2

SUBMITTED, OVERDUE, HELD_TODAY, UPCOMING = "submitted", "overdue", "held today", "upcoming"

AM, KAM = "am", "kam"
OPENINGS = {
    AM: {
        "title": "Account manager, Shanghai retail banking",
        "rubric": "Account manager",
        "client_size": ClientSize.MID,
        "industry": "Retail banking",
        "hiring_managers": ("manager",),
        "description": "Grow and retain mid-market retail-banking clients in Shanghai: "
        "relationship reviews, cross-selling, and renewals. 负责上海零售银行中型客户的维护与拓展。",
    },
    KAM: {
        "title": "Key account manager, enterprise software",
        "rubric": "Key account manager",
        "client_size": ClientSize.KEY,
        "industry": "Enterprise software",
        # Two hiring teams: manager2 sees this opening only.
        "hiring_managers": ("manager", "manager2"),
        "description": "Own a portfolio of large enterprise software accounts: multi-year "
        "contracts, executive sponsors, and expansion. 负责大型企业软件客户的长期合作与增长。",
    },
}


@dataclass(frozen=True)
class InterviewerSpec:
    name: str
    email: str
    leniency: float  # added to every score this interviewer gives, in scale points
    username: str = ""  # the demo user account, if any


ZHOU, SARAH, WU = "zhou", "sarah", "wu"
INTERVIEWERS = {
    ZHOU: InterviewerSpec("Zhou Qiang 周强", "zhou.qiang@example.com", 0.0, "interviewer"),
    SARAH: InterviewerSpec("Sarah Lin", "sarah.lin@example.com", 0.4),
    WU: InterviewerSpec("Wu Hao 吴昊", "wu.hao@example.com", -0.3),
}


@dataclass(frozen=True)
class CandidateSpec:
    name: str
    email: str
    company: str
    title: str
    years: int
    industries: list[str]
    segments: list[str]
    crm: list[str]
    opening: str
    stage: str
    ability: float
    # (round, interviewer key, SUBMITTED / OVERDUE / HELD_TODAY / UPCOMING)
    interviews: list[tuple[str, str, str]] = field(default_factory=list)
    # Fixed values for a disagreement: {round: {dimension code: value}}
    overrides: dict[str, dict[str, int]] = field(default_factory=dict)


MID, KEY, SMALL = ClientSize.MID.value, ClientSize.KEY.value, ClientSize.SMALL.value

# A table, laid out by hand: one candidate per block.
# fmt: off
CANDIDATES = [
    # Account manager, Shanghai retail banking (9)
    CandidateSpec(
        name="李娜", email="li.na@example.com", company="招商银行 China Merchants Bank",
        title="客户经理 Relationship manager", years=6, industries=["Retail banking"],
        segments=[MID, SMALL], crm=["Salesforce"], opening=AM, stage=Stage.INTERVIEWING,
        ability=3.9,
        interviews=[(PHONE, ZHOU, SUBMITTED), (STRUCTURED, SARAH, SUBMITTED),
                    (FINAL, WU, SUBMITTED)],
    ),
    CandidateSpec(
        name="王伟", email="wang.wei@example.com", company="平安银行 Ping An Bank",
        title="Account manager", years=4, industries=["Retail banking", "Insurance"],
        segments=[MID], crm=["纷享销客"], opening=AM, stage=Stage.INTERVIEWING, ability=3.2,
        interviews=[(PHONE, SARAH, SUBMITTED), (STRUCTURED, WU, SUBMITTED)],
    ),
    # The raters disagree: Sarah saw a natural with clients, Wu did not.
    CandidateSpec(
        name="张敏", email="zhang.min@example.com", company="交通银行 Bank of Communications",
        title="Senior account manager", years=8,
        industries=["Retail banking", "Wealth management"], segments=[MID, KEY],
        crm=["Salesforce", "纷享销客"], opening=AM, stage=Stage.INTERVIEWING, ability=3.4,
        interviews=[(PHONE, ZHOU, SUBMITTED), (STRUCTURED, SARAH, SUBMITTED),
                    (FINAL, WU, SUBMITTED)],
        overrides={
            STRUCTURED: {"customer_orientation": 5, "communication": 5, "culture_fit": 4,
                         "leadership": 4},
            FINAL: {"customer_orientation": 2, "communication": 3, "culture_fit": 2,
                    "leadership": 1},
        },
    ),
    CandidateSpec(
        name="Alice Chen", email="alice.chen@example.com", company="HSBC China",
        title="Relationship manager", years=5,
        industries=["Retail banking", "Wealth management"], segments=[MID, KEY],
        crm=["Salesforce"], opening=AM, stage=Stage.INTERVIEWING, ability=4.2,
        interviews=[(PHONE, WU, SUBMITTED), (STRUCTURED, ZHOU, SUBMITTED),
                    (FINAL, SARAH, SUBMITTED)],
    ),
    CandidateSpec(
        name="刘洋", email="liu.yang@example.com",
        company="上海农商银行 Shanghai Rural Commercial Bank", title="客户经理 Client manager",
        years=3, industries=["Retail banking"], segments=[SMALL], crm=["Zoho CRM"],
        opening=AM, stage=Stage.INTERVIEWING, ability=2.6,
        interviews=[(PHONE, ZHOU, SUBMITTED), (STRUCTURED, WU, SUBMITTED)],
    ),
    # One submitted scorecard and an overdue one: not enough evidence to rank yet.
    CandidateSpec(
        name="David Wong", email="david.wong@example.com", company="Standard Chartered China",
        title="Account manager", years=7, industries=["Retail banking", "Insurance"],
        segments=[MID], crm=["Salesforce", "HubSpot"], opening=AM, stage=Stage.INTERVIEWING,
        ability=3.6,
        interviews=[(PHONE, SARAH, SUBMITTED), (STRUCTURED, WU, OVERDUE)],
    ),
    CandidateSpec(
        name="陈静", email="chen.jing@example.com", company="浦发银行 SPD Bank",
        title="Sales manager", years=2, industries=["Retail banking"], segments=[SMALL, MID],
        crm=["纷享销客"], opening=AM, stage=Stage.INTERVIEWING, ability=3.0,
        # Her structured interview is the day after tomorrow: "not yet" for its scorecard.
        interviews=[(PHONE, ZHOU, SUBMITTED), (STRUCTURED, ZHOU, UPCOMING)],
    ),
    CandidateSpec(
        name="Sophie Martin", email="sophie.martin@example.com", company="BNP Paribas China",
        title="Client advisor", years=3, industries=["Retail banking", "Wealth management"],
        segments=[MID], crm=["Salesforce"], opening=AM, stage=Stage.APPLIED, ability=3.3,
    ),
    # Two colleagues have submitted; the demo interviewer held the final panel this morning.
    CandidateSpec(
        name="杨帆", email="yang.fan@example.com", company="中信银行 China CITIC Bank",
        title="Account manager", years=4, industries=["Retail banking", "Consumer finance"],
        segments=[MID, SMALL], crm=["Zoho CRM"], opening=AM, stage=Stage.INTERVIEWING,
        ability=3.5,
        interviews=[(PHONE, SARAH, SUBMITTED), (STRUCTURED, WU, SUBMITTED),
                    (FINAL, ZHOU, HELD_TODAY)],
    ),
    # Key account manager, enterprise software (6)
    CandidateSpec(
        name="Emma Liu", email="emma.liu@example.com", company="SAP China",
        title="Key account manager", years=9,
        industries=["Enterprise software", "Manufacturing"], segments=[KEY],
        crm=["Salesforce", "HubSpot"], opening=KAM, stage=Stage.INTERVIEWING, ability=4.3,
        interviews=[(PHONE, SARAH, SUBMITTED), (STRUCTURED, ZHOU, SUBMITTED),
                    (FINAL, WU, SUBMITTED)],
    ),
    CandidateSpec(
        name="赵磊", email="zhao.lei@example.com", company="用友网络 Yonyou",
        title="大客户经理 Key account manager", years=6,
        industries=["Enterprise software", "Manufacturing"], segments=[KEY, MID],
        crm=["纷享销客"], opening=KAM, stage=Stage.INTERVIEWING, ability=3.7,
        interviews=[(PHONE, WU, SUBMITTED), (STRUCTURED, SARAH, SUBMITTED),
                    (FINAL, ZHOU, SUBMITTED)],
    ),
    CandidateSpec(
        name="James Park", email="james.park@example.com", company="Oracle China",
        title="Account executive", years=5, industries=["Enterprise software"], segments=[KEY],
        crm=["Salesforce"], opening=KAM, stage=Stage.INTERVIEWING, ability=3.1,
        interviews=[(PHONE, ZHOU, SUBMITTED), (STRUCTURED, SARAH, SUBMITTED)],
    ),
    CandidateSpec(
        name="黄丽", email="huang.li@example.com", company="金蝶 Kingdee",
        title="Account manager", years=4, industries=["Enterprise software", "Retail"],
        segments=[MID], crm=["纷享销客", "Zoho CRM"], opening=KAM, stage=Stage.INTERVIEWING,
        ability=2.8,
        interviews=[(PHONE, WU, SUBMITTED), (STRUCTURED, ZHOU, SUBMITTED)],
    ),
    CandidateSpec(
        name="孙浩", email="sun.hao@example.com", company="阿里云 Alibaba Cloud",
        title="Enterprise sales manager", years=7,
        industries=["Enterprise software", "Cloud services"], segments=[KEY, MID],
        crm=["Salesforce"], opening=KAM, stage=Stage.INTERVIEWING, ability=3.8,
        interviews=[(PHONE, SARAH, SUBMITTED), (STRUCTURED, WU, SUBMITTED)],
    ),
    CandidateSpec(
        name="Michael Zhang", email="michael.zhang@example.com", company="Microsoft China",
        title="Partner account manager", years=10, industries=["Enterprise software"],
        segments=[KEY], crm=["HubSpot"], opening=KAM, stage=Stage.SCREENING, ability=3.6,
    ),
]
# fmt: on

EVIDENCE = {
    "experience": (
        "Managed a book of 40+ clients for five years.",
        "行业经验扎实，熟悉客户续约流程。",
        "Limited exposure to clients of this size.",
    ),
    "culture_fit": (
        "Values collaboration; examples of helping teammates close deals.",
        "团队合作意识强。",
        "Prefers working alone; few team examples.",
    ),
    "customer_orientation": (
        "Described recovering an unhappy client through weekly check-ins.",
        "能站在客户角度思考问题，举例具体。",
        "Talked mostly about targets, little about client needs.",
    ),
    "communication": (
        "Clear, structured answers in both Chinese and English.",
        "表达清晰，逻辑性强。",
        "Answers rambled; needed several prompts.",
    ),
    "leadership": (
        "Led a three-person pod for a regional rollout.",
        "有带领小团队的经验。",
        "No examples of leading others yet.",
    ),
    "crm": (
        "Daily pipeline hygiene in the CRM; built own dashboards.",
        "熟练使用CRM管理销售漏斗。",
        "Uses the CRM only for logging calls.",
    ),
    "ethics": (
        "Refused a client's request to bend compliance rules; explained why.",
        "合规意识强。",
        "Vague answer on the conflict-of-interest scenario.",
    ),
    "learning": (
        "Took a wealth-management certificate on own initiative.",
        "学习能力强，主动考取证书。",
        "Could not name anything learned in the last year.",
    ),
    "career_potential": (
        "Clear plan towards team lead within three years.",
        "职业规划清晰。",
        "Unsure where they want to be in three years.",
    ),
    "performance_history": (
        "Exceeded quota three years running (110-125%).",
        "连续三年超额完成业绩指标。",
        "Missed quota last year; reasons partly external.",
    ),
}

SUMMARIES = {
    Recommendation.STRONG_YES: "Outstanding; strong evidence across the board. 强烈推荐。",
    Recommendation.YES: "Solid candidate with good client examples. 建议进入下一轮。",
    Recommendation.NO_DECISION: "Mixed picture; would like another interviewer's view. 待定。",
    Recommendation.NO: "Gaps in core areas for this role. 不太匹配。",
    Recommendation.STRONG_NO: "Not a fit for this role. 不推荐。",
}
