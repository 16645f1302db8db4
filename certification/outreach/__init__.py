"""BAUP's information days and the record of consultations (004, "Подготовка и консултации")."""
