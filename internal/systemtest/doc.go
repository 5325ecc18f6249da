// Package systemtest is what the farm's system tests share and the
// product must not ship: the one harness of real coordinator clusters on
// loopback (StartCluster, with kills, restarts and fake workers) and of a
// farm with real workers (StartFarm), and the lying workers (Liar),
// plugged into a real worker through worker.Config.Tamper. Only tests
// import it, so the rendergrid binary carries no way to cheat.
package systemtest
