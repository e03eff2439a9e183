"""Sample recipients for the preview, and real contacts from the store by address."""

from __future__ import annotations

from newsdesk.core.recipient import Recipient

SAMPLES: dict[str, Recipient] = {
    "weber": Recipient(
        "anna.weber@example.org", "de", "Anna", "Weber", "f", "Dr.", "Stadtwerke Musterstadt"
    ),
    "yilmaz": Recipient("cem.yilmaz@example.org", "de", "Cem", "Yilmaz", "m"),
    "schmidt": Recipient("alex.schmidt@example.org", "de", "Alex", "Schmidt"),
    "collins": Recipient("s.collins@example.org", "en", "Sarah", "Collins", "f", "Dr."),
    "okafor": Recipient("j.okafor@example.org", "en", "James", "Okafor", "m"),
    "neutral": Recipient("presse@example.org", "de"),
}

LABELS = {
    "weber": "Frau Dr. Anna Weber (de)",
    "yilmaz": "Herr Cem Yilmaz (de)",
    "schmidt": "Alex Schmidt (de, no gender)",
    "collins": "Dr Sarah Collins (en)",
    "okafor": "Mr James Okafor (en)",
    "neutral": "No name (neutral greeting)",
}
