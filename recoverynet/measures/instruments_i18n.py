"""The questionnaires' shown texts, written out so `make messages` extracts them: instruments.json
holds them as English msgids and the pages show them with gettext(text). A test checks that this
list and the data file hold the same texts; after changing a text there, change it here too."""
from flask_babel import lazy_gettext

SHOWN_TEXTS = (
    # Brief Assessment of Recovery Capital (BARC-10)
    lazy_gettext("Recovery capital"),
    lazy_gettext("Ten statements about the things that help your recovery: people, home, energy, purpose. For "
                 "each one, choose how much you agree."),
    lazy_gettext("Strongly disagree"),
    lazy_gettext("Disagree"),
    lazy_gettext("Somewhat disagree"),
    lazy_gettext("Somewhat agree"),
    lazy_gettext("Agree"),
    lazy_gettext("Strongly agree"),
    lazy_gettext("There are more important things to me in life than using substances."),
    lazy_gettext("In general I am happy with my life."),
    lazy_gettext("I have enough energy to complete the tasks I set myself."),
    lazy_gettext("I am proud of the community I live in and feel part of it."),
    lazy_gettext("I get lots of support from friends."),
    lazy_gettext("I regard my life as challenging and fulfilling without the need for using drugs or alcohol."),
    lazy_gettext("My living space has helped to drive my recovery journey."),
    lazy_gettext("I take full responsibility for my actions."),
    lazy_gettext("I am happy dealing with a range of professional people."),
    lazy_gettext("I am making good progress on my recovery journey."),
    lazy_gettext("In the study behind these statements, a total of %(threshold)s or more was associated with "
                 "sustained remission (more than a year without use)."),
    lazy_gettext("Your total is in that range."),
    lazy_gettext("Recovery capital grows as life changes: people, a home, work and meetings all add to it. Your "
                 "network can help with the parts that matter to you."),
    # Multidimensional Scale of Perceived Social Support (MSPSS)
    lazy_gettext("Support from the people around you"),
    lazy_gettext("Twelve statements about the support you feel from your family, your friends and a special "
                 "person. For each one, choose how much you agree."),
    lazy_gettext("Very strongly disagree"),
    lazy_gettext("Strongly disagree"),
    lazy_gettext("Mildly disagree"),
    lazy_gettext("Neutral"),
    lazy_gettext("Mildly agree"),
    lazy_gettext("Strongly agree"),
    lazy_gettext("Very strongly agree"),
    lazy_gettext("There is a special person who is around when I am in need."),
    lazy_gettext("There is a special person with whom I can share my joys and sorrows."),
    lazy_gettext("My family really tries to help me."),
    lazy_gettext("I get the emotional help and support I need from my family."),
    lazy_gettext("I have a special person who is a real source of comfort to me."),
    lazy_gettext("My friends really try to help me."),
    lazy_gettext("I can count on my friends when things go wrong."),
    lazy_gettext("I can talk about my problems with my family."),
    lazy_gettext("I have friends with whom I can share my joys and sorrows."),
    lazy_gettext("There is a special person in my life who cares about my feelings."),
    lazy_gettext("My family is willing to help me make decisions."),
    lazy_gettext("I can talk about my problems with my friends."),
    lazy_gettext("Family"),
    lazy_gettext("Friends"),
    lazy_gettext("A special person"),
)
