"""Plans and payments: what a person may spend on model use, what they bought, and every change of it."""
