"""Writers and the gate. `gate_for(patient, action, on=...)` is the one call a courses app needs."""

from knotwork.intake.services.safety import gate_for

__all__ = ["gate_for"]
