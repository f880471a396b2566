"""API of the intake app: the safety gate, screens, clearances and instruments."""

from ninja import Router

from knotwork.intake.api.instruments import router as instruments_router
from knotwork.intake.api.safety import router as safety_router

router = Router()
router.add_router("/", safety_router)
router.add_router("/", instruments_router)
