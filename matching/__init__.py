"""The domain: settings, errors, wiring (`service`), workflows and one subpackage per capability."""
