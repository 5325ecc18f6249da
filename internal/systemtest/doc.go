// Package systemtest holds what the farm's system tests need and the
// product must not ship: the lying workers (Liar), plugged into a real
// worker through worker.Config.Tamper. Only tests import it, so the
// rendergrid binary carries no way to cheat.
package systemtest
