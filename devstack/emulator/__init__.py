"""The embedded AWS emulator: moto's server, its fixes, its control surface, provisioning and saved local data."""
