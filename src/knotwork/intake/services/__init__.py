"""Writers and the gate. `gate_for(patient, action, on=...)` reads the gate (writes nothing);
`act_on_gate(...)` is the audited decision a courses or live service acts on."""

from knotwork.intake.services.safety import act_on_gate, gate_for

__all__ = ["act_on_gate", "gate_for"]
