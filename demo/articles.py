"""The demo articles: questions, both wordings and the sources they cite."""

KNEE_HIP_PATIENT = """\
Long-lasting knee pain often changes the way you walk, and that extra strain can make your hip sore
and stiff too. The treatment that helps most is a structured exercise programme guided by a
physical therapist, with at least 12 supervised sessions, together with weight loss if you carry
extra weight and a pain-relieving gel for the knee. [@oracle-overview-2025; @praxis-hip-knee-2025]

## Why your hip hurts as well

When your knee hurts, you shift your weight and shorten your steps without noticing. Over months
this puts unusual load on the hip and the muscles around it, which become weak and tight.
[@hip-strengthening-2020] Weak hip muscles then add stress to the knee, and the cycle continues.
[@praxis-post-tkr-2025]

## Physical therapy and exercise come first

Plan on at least 12 supervised physical therapy sessions: fewer sessions work less well.
[@praxis-hip-knee-2025] Your therapist will build a programme that includes:

- **Hip strengthening**, because stronger hip muscles take load off the knee and reduce pain.
  [@chronic-knee-pain-2025; @hip-strengthening-2020]
- **Thigh (quadriceps) strengthening** alongside the hip work, which gives the best results for pain
  and everyday movement. [@chronic-knee-pain-2025]
- **Strength training** for the main muscle groups, 8 to 12 repetitions, at least two days a week.
  [@oracle-overview-2025]
- **Aerobic exercise** such as walking, cycling or water exercise, building up to 30 minutes on most
  days. [@oracle-overview-2025; @praxis-post-tkr-2025]

After the supervised sessions you will carry on at home. Occasional "refresher" visits with your
therapist help you keep going. [@praxis-post-tkr-2025]

## Weight, if it applies to you

If you are overweight, losing even about 4 kg clearly eases knee and hip pain, and weight loss
together with exercise works better than exercise alone. [@oracle-overview-2025; @chronic-knee-pain-2025]

## Easing the pain while you recover

- Start with an anti-inflammatory **gel** (such as diclofenac) rubbed on the knee; it causes fewer
  stomach problems than tablets. [@oracle-overview-2025; @praxis-hip-knee-2025]
- If that is not enough, ask about **paracetamol (acetaminophen)** or anti-inflammatory tablets,
  at the dose your doctor or pharmacist recommends. [@praxis-hip-knee-2025]
- **Opioid** painkillers, including tramadol, are not recommended for long-term knee and hip pain.
  [@oracle-overview-2025]

## Other things that help

A walking stick held in the hand opposite the painful knee, supportive shoes, tai chi, and a
self-management course that teaches pacing and joint protection can all help.
[@oracle-overview-2025; @praxis-hip-knee-2025]

## When to see your doctor again

Contact your doctor soon if the knee suddenly swells, you cannot put weight on the leg, or you have
a fever with a hot, swollen joint. Expect exercise to take 4 to 6 weeks before you feel a clear
difference. [@chronic-knee-pain-2025]
"""

KNEE_HIP_PROFESSIONAL = """\
Chronic knee pain with secondary hip pain and stiffness is best managed with a structured,
supervised exercise programme (at least 12 physical therapy sessions) that targets hip abductor and
quadriceps strength, combined with weight management when BMI is raised and topical NSAIDs as
first-line analgesia. [@oracle-overview-2025; @praxis-hip-knee-2025]

## Mechanism

Antalgic gait from knee pain shifts load proximally; hip abductor and external rotator weakness
follows and increases dynamic knee valgus and medial compartment load, perpetuating symptoms.
[@hip-strengthening-2020; @praxis-post-tkr-2025]

## Exercise prescription

- Minimum of 12 supervised sessions; lower dosing is associated with inferior outcomes.
  [@praxis-hip-knee-2025]
- Combined hip and quadriceps strengthening yields the largest effect on pain (effect size about
  1.05) and on function. [@chronic-knee-pain-2025; @hip-strengthening-2020]
- Progressive resistance training at 60-80% of one-repetition maximum, 8-12 repetitions, at least
  two days a week. [@oracle-overview-2025]
- Moderate-intensity aerobic activity, land-based or aquatic, building to 30 minutes daily.
  [@oracle-overview-2025; @praxis-post-tkr-2025]
- Transition to a home programme with scheduled booster sessions to maintain adherence.
  [@praxis-post-tkr-2025]

## Weight management

For overweight or obese patients, target a 4-7 kg loss with weekly supervised support; combined
diet and exercise outperforms exercise alone. [@praxis-hip-knee-2025; @chronic-knee-pain-2025]

## Pharmacological management

- Topical NSAIDs (diclofenac gel) 3-4 times daily as first line for knee pain.
  [@oracle-overview-2025; @praxis-hip-knee-2025]
- Then acetaminophen (maximum 3-4 g/day) and/or oral NSAIDs (ibuprofen 400-800 mg three times
  daily, or naproxen 500 mg twice daily), weighing gastrointestinal, renal and cardiovascular risk.
  [@oracle-overview-2025; @praxis-hip-knee-2025]
- Duloxetine 60 mg daily where NSAIDs fail or are contraindicated. [@oracle-overview-2025]
- Avoid initiating opioids, including tramadol, for chronic knee or hip pain. [@oracle-overview-2025]

## Adjuncts

Cane in the contralateral hand, tibiofemoral or patellofemoral bracing where indicated,
shock-absorbing footwear, tai chi, and cognitive behavioural therapy for patients with
pain-related distress. Structured self-management education has consistent benefit with minimal
risk. [@oracle-overview-2025; @praxis-hip-knee-2025]

## Red flags and re-evaluation

Re-assess for acute effusion or inflammatory flare, inability to bear weight, marked functional
decline despite adherence, or signs of septic arthritis (fever, warmth, severe swelling). Advise
patients that exercise benefits typically need 4-6 weeks of consistent participation.
[@chronic-knee-pain-2025]
"""

ARTICLES = [
    {
        "slug": "chronic-knee-pain-causing-hip-pain-and-stiffness",
        "question": "What is the best management approach for a patient with chronic knee pain causing "
        "hip pain and stiffness, considering physical therapy as a follow-up treatment?",
        "specialty": "Orthopaedics",
        "about": "Knee osteoarthritis",
        "author": "editor",
        "reviewers": ["okafor"],
        "body_patient": KNEE_HIP_PATIENT,
        "body_professional": KNEE_HIP_PROFESSIONAL,
        "change_summary": "First version",
        "outcome": "approved",
        "related": [
            "how-much-exercise-do-adults-need",
            "when-should-low-back-pain-be-checked",
            "ibuprofen-and-high-blood-pressure",
        ],
    },
    {
        "slug": "how-much-exercise-do-adults-need",
        "question": "How much physical activity do adults need each week?",
        "specialty": "Preventive medicine",
        "about": "Physical activity",
        "author": "editor2",
        "reviewers": ["lindqvist"],
        "body_patient": (
            "Most adults should aim for 150 to 300 minutes of moderate activity a week, such as brisk "
            "walking, or 75 to 150 minutes of vigorous activity, plus muscle-strengthening exercise on "
            "two or more days. [@who-activity-2020]\n\n![@week-of-activity]\n\nAny activity is better "
            "than none, and "
            "sitting less helps too. [@who-activity-2020] If you have joint pain, exercise is still "
            "recommended and often eases it. [@kolasinski-acr-2020]"
        ),
        "body_professional": (
            "Adults should undertake 150-300 minutes of moderate-intensity or 75-150 minutes of "
            "vigorous-intensity aerobic activity weekly, or an equivalent combination, plus "
            "muscle-strengthening activity on two or more days. [@who-activity-2020]\n\n"
            "![@week-of-activity]\n\nReplacing "
            "sedentary time with activity of any intensity has health benefits. [@who-activity-2020] "
            "Exercise is strongly recommended for hip and knee osteoarthritis. [@kolasinski-acr-2020]"
        ),
        "change_summary": "First version",
        "outcome": "approved",
        # Drawn at load time (demo/diagrams.py), uploaded to the draft before it is submitted.
        "figures": ["week-of-activity"],
        "related": ["chronic-knee-pain-causing-hip-pain-and-stiffness"],
    },
    {
        "slug": "when-should-low-back-pain-be-checked",
        "question": "When should low back pain be checked by a doctor?",
        "specialty": "Primary care",
        "about": "Low back pain",
        "author": "editor",
        "reviewers": ["lindqvist"],
        "body_patient": (
            "Most low back pain gets better within a few weeks with staying active and simple pain "
            "relief. [@nice-low-back-pain-2016]\n\n## Get checked urgently if you have\n\n- numbness "
            "around your bottom or genitals\n- new problems controlling your bladder or bowels\n- "
            "weakness in your legs that is getting worse\n- fever, or a history of cancer\n\nThese can "
            "be signs of a rare but serious problem. [@nice-low-back-pain-2016]"
        ),
        "body_professional": (
            "Most non-specific low back pain resolves with reassurance, advice to stay active and "
            "exercise. [@nice-low-back-pain-2016]\n\nAssess for red flags: saddle anaesthesia, "
            "sphincter disturbance or progressive neurological deficit (cauda equina syndrome), "
            "fever or immunosuppression (infection), and a history of malignancy or unexplained "
            "weight loss. [@nice-low-back-pain-2016]"
        ),
        "change_summary": "First version",
        "outcome": "approved",
        # A newer revision is approved and waits for its publication time, a few days after loading.
        "update": {
            "author": "editor",
            "reviewers": ["lindqvist"],
            "outcome": "scheduled",
            "publish_in_days": 3,
            "comment": "Checked against NG59. To go live with the practice's new back pain leaflet.",
            "extra_patient": (
                "\n\n## Staying active\n\nKeep moving as normally as you can and go back to work when "
                "you are able: resting in bed slows recovery. [@nice-low-back-pain-2016]"
            ),
            "extra_professional": (
                "\n\nDo not routinely offer imaging in a non-specialist setting for people with low "
                "back pain with or without sciatica. [@nice-low-back-pain-2016]"
            ),
            "change_summary": "Added advice on staying active and on imaging",
        },
        "related": ["chronic-knee-pain-causing-hip-pain-and-stiffness"],
    },
    {
        "slug": "ibuprofen-and-high-blood-pressure",
        "question": "Is it safe to take ibuprofen if you have high blood pressure?",
        "specialty": "Cardiology",
        "about": "Hypertension",
        "author": "editor2",
        "reviewers": ["okafor"],
        "body_patient": (
            "Anti-inflammatory tablets such as ibuprofen can raise blood pressure and strain the "
            "kidneys, so ask your doctor or pharmacist before taking them regularly. A gel rubbed on "
            "a painful joint reaches the blood in much smaller amounts. [@kolasinski-acr-2020]"
        ),
        "body_professional": (
            "Oral NSAIDs can raise blood pressure and reduce the effect of antihypertensives; prefer "
            "topical NSAIDs for localised joint pain and use the lowest effective oral dose for the "
            "shortest time. [@kolasinski-acr-2020]"
        ),
        "change_summary": "First version",
        "outcome": "approved",
        # A newer revision of this live article is waiting in review.
        "update": {
            "author": "editor2",
            "reviewers": ["lindqvist"],
            "outcome": "under_review",
            "extra_patient": (
                "\n\nIf you already take blood pressure medicine, check your blood pressure more "
                "often while you take ibuprofen. [@kolasinski-acr-2020]"
            ),
            "extra_professional": (
                "\n\nMonitor blood pressure and renal function when oral NSAIDs are combined with "
                "ACE inhibitors, angiotensin receptor blockers or diuretics. [@kolasinski-acr-2020]"
            ),
            "change_summary": "Added monitoring advice for people on blood pressure medicine",
        },
        "related": ["chronic-knee-pain-causing-hip-pain-and-stiffness"],
    },
    {
        "slug": "turmeric-instead-of-anti-inflammatories",
        "question": "Can turmeric supplements replace anti-inflammatory medicines for arthritis?",
        "specialty": "Rheumatology",
        "about": "Osteoarthritis",
        "author": "editor",
        "reviewers": [],
        "body_patient": (
            "There is not enough good evidence that turmeric works as well as anti-inflammatory "
            "medicines. Talk to your doctor before replacing any treatment. [@kolasinski-acr-2020]"
        ),
        "body_professional": (
            "Evidence for curcumin in osteoarthritis is limited and heterogeneous; it is not a "
            "substitute for guideline-recommended analgesia. [@kolasinski-acr-2020]"
        ),
        "change_summary": "First version",
        "outcome": "submitted",
        # The chief editor asked two outside specialists; one has already answered.
        "guests": [
            {
                "name": "Dr. Samuel Osei",
                "credentials": "MD, consultant rheumatologist",
                "email": "samuel.osei@example.org",
            },
            {
                "name": "Dr. Priya Nair",
                "credentials": "PharmD, clinical pharmacist",
                "email": "priya.nair@example.org",
                "recommendation": "request_changes",
                "comment": (
                    "Please add that curcumin supplements can interact with blood thinners such as "
                    "warfarin, and that the dose varies widely between products."
                ),
                "conflict_of_interest": "None declared.",
            },
        ],
        "related": [],
    },
]
