"""Event coding: who did what to whom, as CAMEO/PLOVER events linked to their sentence."""
