"""What the past opening holds: its details, the name and career lists, the notes."""

from candidates.devtools.demo_data import (
    FINAL,
    KEY,
    MID,
    PHONE,
    SARAH,
    SEED,
    SMALL,
    STRUCTURED,
    WU,
    ZHOU,
)
from candidates.models import (
    ClientSize,
    Stage,
)

HISTORY_SEED = SEED + 1  # its own stream: the open openings' draws stay as they were
PAST = "past"
PAST_OPENING = {
    "title": "Account manager, Beijing retail banking",
    "rubric": "Account manager",
    "client_size": ClientSize.MID,
    "industry": "Retail banking",
    "hiring_managers": ("manager",),
    "description": "Grow and retain mid-market retail-banking clients in Beijing: "
    "relationship reviews, wealth-management cross-selling, and renewals. "
    "负责北京零售银行中型客户的维护与拓展。",
}
# The opening starts on the Monday on or before this many days before the first run
# (about 14 months): every date keeps its weekday, so the history is the same whatever
# day it is seeded.
OPENED_DAYS_AGO = 426
ROUNDS = (PHONE, STRUCTURED, FINAL)

# How each application ended, and how many: 36 in all.
SCREEN_REJECTED = "rejected at screening"
SCREEN_WITHDRAWN = "withdrew at screening"
INTERVIEW_WITHDRAWN = "withdrew while interviewing"
INTERVIEW_REJECTED = "rejected after the interviews"
SHORTLIST_REJECTED = "rejected from the shortlist"
OFFER_DECLINED = "declined the offer"
HIRED = "hired"
SCREENED_OUT = 7  # the first 6 rejected, the last withdrew
SHORTLISTED = 18  # the best 18 of the 28 who finished the interviews
SHORTLIST_REJECTS = 3
APPLICANTS = 36

ABILITY_MEAN, ABILITY_SD = 3.3, 0.6  # latent ability on the 1-5 scale
# Hours from the interview to its scorecard's submission, per interviewer: Zhou
# enters it the same day, Sarah within two days, Wu takes up to six.
TURNAROUND_HOURS = {ZHOU: (2, 9), SARAH: (5, 48), WU: (26, 144)}
INTERVIEW_HOURS = (9, 10, 11, 14, 15, 16)

# Job performance P = (ability - mean) + CUSTOMER_WEIGHT * strength + noise, in scale points.
STANDOUT = "customer_orientation"
CUSTOMER_WEIGHT = 0.8
PERFORMANCE_NOISE = 0.3
DRIFT = 0.2  # how far P moves between the 6- and the 12-month review
PERIODS = ((6, 182), (12, 365))  # (months in the job, days after the hire)
# Reviews dated up to this many days after the opening: in the past on the first run,
# so the demo never shows a future review, and the same set of reviews every day.
REVIEWED_DAYS = OPENED_DAYS_AGO

# fmt: off
SURNAMES = (
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"),
    ("杨", "yang"), ("赵", "zhao"), ("黄", "huang"), ("周", "zhou"), ("吴", "wu"),
    ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"),
    ("郭", "guo"), ("何", "he"), ("高", "gao"), ("林", "lin"), ("罗", "luo"),
    ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"), ("唐", "tang"),
    ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"), ("彭", "peng"),
)
GIVEN_NAMES = (
    ("伟", "wei"), ("芳", "fang"), ("秀英", "xiuying"), ("敏", "min"), ("静", "jing"),
    ("丽", "li"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"),
    ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"),
    ("明", "ming"), ("超", "chao"), ("秀兰", "xiulan"), ("霞", "xia"), ("平", "ping"),
    ("刚", "gang"), ("桂英", "guiying"), ("晓东", "xiaodong"), ("子涵", "zihan"),
    ("欣怡", "xinyi"), ("浩然", "haoran"), ("思远", "siyuan"), ("佳琪", "jiaqi"),
    ("宇航", "yuhang"), ("雨婷", "yuting"), ("建国", "jianguo"), ("海燕", "haiyan"),
    ("志强", "zhiqiang"), ("文博", "wenbo"), ("梦洁", "mengjie"), ("一鸣", "yiming"),
)
COMPANIES = (
    "中国工商银行 ICBC", "中国建设银行 China Construction Bank", "中国银行 Bank of China",
    "北京银行 Bank of Beijing", "中国民生银行 China Minsheng Bank", "华夏银行 Hua Xia Bank",
    "中国光大银行 China Everbright Bank", "兴业银行 Industrial Bank",
    "北京农商银行 Beijing Rural Commercial Bank", "招商银行 China Merchants Bank",
    "中信银行 China CITIC Bank", "渣打银行 Standard Chartered China",
)
TITLES = (
    "客户经理 Relationship manager", "Account manager", "理财经理 Wealth manager",
    "Senior account manager", "销售经理 Sales manager", "个贷客户经理 Retail credit manager",
    "Client advisor",
)
INDUSTRIES = ("Wealth management", "Insurance", "Consumer finance", "Retail")
SEGMENTS = ([MID], [MID, SMALL], [SMALL, MID], [MID, KEY], [SMALL])
CRM_SYSTEMS = ("纷享销客", "Salesforce", "Zoho CRM", "销售易", "HubSpot")
# fmt: on

NOTES = {
    SCREEN_REJECTED: ("简历与岗位要求不匹配。", "No client-facing experience yet."),
    SCREEN_WITHDRAWN: ("Withdrew: relocating to Shenzhen.", "候选人因个人原因撤回申请。"),
    INTERVIEW_WITHDRAWN: ("Withdrew after the structured interview: accepted another offer.",),
    INTERVIEW_REJECTED: (
        "Gaps in core areas against the shortlist; not moving forward.",
        "综合评分偏低，未进入候选名单。",
    ),
    Stage.SHORTLISTED: ("Solid across the rounds; shortlist.", "面试表现稳定，进入候选名单。"),
    SHORTLIST_REJECTED: ("Another shortlisted candidate fits the team better.",),
    Stage.OFFER: ("Offer approved at the standard band.", "发放录用通知。"),
    OFFER_DECLINED: ("Declined the offer: counter-offer from current employer.",),
    HIRED: ("Signed the offer; starts next month.", "已签署录用通知。"),
}
PERFORMANCE_NOTES = {
    "high": ("Ahead of target; clients ask for this manager by name.", "业绩突出，客户满意度高。"),
    "middle": ("On track; growing the book steadily.", "表现稳定，按计划完成指标。"),
    "low": ("Below target; coaching plan agreed.", "业绩未达标，已制定辅导计划。"),
}
LEFT_NOTE = "Left after 7 months for a competitor. 入职七个月后离职。"
