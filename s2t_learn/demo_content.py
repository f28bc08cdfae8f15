"""Text for the site's own pages, loaded by load_demo. Editors change it in the Wagtail admin."""

HOME_INTRO = (
    "<p>Free, self-paced learning about the Safe &amp; Together Model for everyone who works with "
    "children and families affected by domestic abuse: school, nursery, residential childcare and "
    "health staff, and social workers who have not yet been on the four-day CORE training.</p>"
)

WAYS_IN = [
    {
        "title": "Learn the model",
        "text": "Short modules on the three principles, the five critical components and the "
        "continuum of practice, with a pathway for your setting.",
        "link_text": "Start learning",
        "link_url": "/modules/",
    },
    {
        "title": "Check your knowledge",
        "text": "A quiz for each module with an explanation for every answer, so you can see "
        "what you have understood and what to revisit, and earn a certificate.",
        "link_text": "Try a quiz",
        "link_url": "/check-your-knowledge/",
    },
    {
        "title": "Assess your organisation",
        "text": "Run a self-assessment with colleagues, see where your service stands on the "
        "continuum of practice, and get concrete next steps.",
        "link_text": "Go to your organisation",
        "link_url": "/org/",
    },
]

ABOUT = [
    ("heading", "What S2T Learn is"),
    (
        "paragraph",
        "<p>S2T Learn is free, open-source software for learning about the Safe &amp; Together Model "
        "and for organisations to assess their own practice against the continuum of practice. It was "
        "written for staff who cannot easily attend the four-day CORE training: people in schools, "
        "nurseries, residential childcare and health, and social workers who are new in post.</p>",
    ),
    ("heading", "Independence"),
    (
        "paragraph",
        "<p><strong>S2T Learn is independent. It is not made, endorsed or certified by the Safe &amp; "
        "Together Institute.</strong> Its certificates record self-paced learning on this platform; "
        "they are not Safe &amp; Together certification. To train with the Institute, contact it "
        "directly.</p><p>The domestic violence-informed continuum of practice is © 2015 David Mandel "
        "&amp; Associates LLC. This platform paraphrases it and credits it wherever it appears. "
        "Applying the continuum to schools, nurseries and other settings, and the rule the "
        "self-assessment uses to place a service on it, are this project's own adaptation.</p>",
    ),
    ("heading", "Where the content comes from"),
    (
        "paragraph",
        "<p>The lessons are written in our own words from published public sources: an Edinburgh "
        "implementation report with its 2014 and 2017 case file audits, a national learning report on "
        "embedding the model across Scottish areas, an evidence summary, a practice briefing and a "
        "podcast with the model's UK lead. Each lesson names the source of its facts and figures.</p>"
        "<p>Practice and law differ between Scotland, England, Wales and Northern Ireland. Always "
        "follow your own local child protection procedures.</p>",
    ),
]

ACCESSIBILITY = [
    (
        "paragraph",
        "<p>We want everyone to be able to use this website. It aims to meet the Web Content "
        "Accessibility Guidelines (WCAG) 2.2 at level AA. You should be able to:</p><ul><li>use it "
        "with a keyboard alone</li><li>use it with a screen reader</li><li>zoom to 400% without "
        "text spilling off the screen, and use it on a phone 320 pixels wide</li><li>print any "
        "lesson cleanly</li></ul>",
    ),
    ("heading", "How we test"),
    (
        "paragraph",
        "<p>Every kind of page is checked automatically with the axe accessibility engine in a real "
        "browser, signed in and signed out, each time the code changes, and journeys are tested with "
        "the keyboard alone.</p>",
    ),
    ("heading", "Known limitations"),
    (
        "paragraph",
        "<p>The content management area used by editors is provided by Wagtail and is outside the "
        "scope of this statement. Tell us about any barrier you meet, and we will fix it or offer the "
        "content another way.</p>",
    ),
]

PRIVACY = [
    ("heading", "What we keep"),
    (
        "paragraph",
        "<p>Your account: your email address, your name and the sector you work in. Your learning: "
        "which lessons you have read, your quiz answers, and anything you write in reflective "
        "exercises, which only you can see. If you belong to an organisation, your membership and "
        "role.</p><p><strong>Never enter names or details that could identify a child, a family or "
        "anyone you work with.</strong> Every box you can write in reminds you of this.</p>",
    ),
    ("heading", "Who sees it"),
    (
        "paragraph",
        "<p>Your organisation sees only group figures about learning, and nothing at all for a group "
        "smaller than five people. Self-assessment results belong to the organisation. In an "
        "anonymous self-assessment nobody sees your individual answers; in a named one you are told "
        "before you start that the leads will. If you leave an organisation, your learning record "
        "stays with you and the organisation stops seeing it.</p>",
    ),
    ("heading", "Cookies"),
    (
        "paragraph",
        "<p>We use only essential cookies, so there is no cookie banner:</p><ul>"
        "<li><strong>sessionid</strong>: keeps you signed in, and holds short on-screen messages and a "
        "quiz you try without an account. It holds a random reference, never your details. It ends "
        "after 8 hours without activity, and after a day in any case.</li>"
        "<li><strong>csrftoken</strong>: protects forms against forgery. It holds a random value and "
        "lasts a year.</li></ul><p>We do not use analytics or advertising cookies, and nothing is kept "
        "in your browser's storage.</p><p>On your profile page you can download everything we hold "
        "about you. Expired invitations, finished reports and unfinished quiz drafts are deleted "
        "after 90 days, and records of sign-in attempts after 30.</p>",
    ),
    ("heading", "Leaving quickly"),
    (
        "paragraph",
        "<p>The Exit this page button, or pressing the Shift key three times, takes you straight to "
        "another website and leaves this page out of your browser's back button. Your browser history "
        "may still show that you visited: use a private window if that would put you at risk.</p>",
    ),
]

SAFETY_SLUG = "using-this-site-safely"
SAFETY = [
    ("heading", "What the exit button does"),
    (
        "paragraph",
        "<p>The <strong>Exit this page</strong> button at the top of every page takes you straight to "
        "another website. You can also press the Shift key three times. The page you were on is "
        "replaced, so pressing Back does not bring it up again.</p>",
    ),
    ("heading", "What it cannot do"),
    (
        "paragraph",
        "<p>The exit button cannot wipe your browser history. Pages of this site you opened before "
        "you pressed it stay in the history, and someone using your phone or computer later could see "
        "them. It does not sign you out either: if you use a shared device, sign out when you finish.</p>",
    ),
    ("heading", "Use a private window"),
    (
        "paragraph",
        "<p>A private window keeps no history once you close it. In Chrome it is called an Incognito "
        "tab, in Safari a Private tab, in Firefox a Private window and in Edge an InPrivate window. "
        "Open it from the browser's menu, and close every private tab when you finish.</p>",
    ),
    ("heading", "Clear your history on a phone"),
    (
        "paragraph",
        "<ul><li><strong>Android, Chrome:</strong> tap the three dots, then History, then Delete "
        "browsing data. Choose a time range and tick Browsing history.</li>"
        "<li><strong>iPhone, Safari:</strong> open Settings, then Apps, then Safari, then Clear History "
        "and Website Data (on older iPhones: Settings, then Safari).</li>"
        "<li><strong>On a computer:</strong> in most browsers, press Ctrl, Shift and Delete together "
        "(Command, Shift and Delete on a Mac) to open the clear history screen.</li></ul>"
        "<p>Clearing all your history can itself be noticed by someone who checks your device. Deleting "
        "only the last hour, or using a private window from the start, may be safer.</p>",
    ),
    ("heading", "If you need support"),
    (
        "paragraph",
        "<p>Every page lists helplines at the bottom. If you are in danger now, call 999. If you cannot "
        "speak, call 999 from a mobile, listen, then press 55 when asked.</p>",
    ),
]
