package chain

import (
	"errors"
	"fmt"
	"slices"
	"sort"
)

// Treasury is the account that collects network fees.
const Treasury = "treasury"

// HistoryTail is how many entries an account's history keeps at least;
// it is trimmed back to this once it reaches twice as many, so that an
// append costs O(1) amortized.
const HistoryTail = 1000

// Entry kinds of an account's history.
const (
	KindMint     = "mint"
	KindTransfer = "transfer"
	KindEscrow   = "escrow" // locked for a job
	KindEarn     = "earn"   // paid for a frame
	KindFee      = "fee"    // network fee of a frame
	KindRefund   = "refund" // the rest of a job's escrow, back
	KindBurn     = "burn"   // left the ledger for a chain
)

// Errors of ledger operations; each leaves the ledger unchanged.
var (
	ErrInsufficient = errors.New("insufficient balance")
	ErrSettled      = errors.New("receipt already settled")
	ErrNoEscrow     = errors.New("no open escrow")
)

// Ledger is the embedded ledger: balances, job escrows and the receipts
// already settled. It is deterministic and serializes whole (JSON), so the
// coordinator's state machine holds it and snapshots it. Every method
// checks first and then moves, so a failed call changes nothing.
type Ledger struct {
	Accounts map[string]*Account `json:"accounts"`
	Escrows  map[string]*Escrow  `json:"escrows"` // by job id
	Supply   uint64              `json:"supply"`  // minted, in base units
	Settled  map[string]string   `json:"settled"` // receipt id -> job
	Seq      uint64              `json:"seq"`     // last history entry
}

// Account is one address's (or the treasury's) balance and history.
type Account struct {
	Balance uint64  `json:"balance"`
	History []Entry `json:"history,omitempty"`
}

// Entry is one change to an account.
type Entry struct {
	Seq     uint64 `json:"seq"`
	At      int64  `json:"at"` // unix milliseconds
	Kind    string `json:"kind"`
	Amount  int64  `json:"amount"` // signed: what the account gained or lost
	Balance uint64 `json:"balance"`
	Job     string `json:"job,omitempty"`
	Peer    string `json:"peer,omitempty"`
	Receipt string `json:"receipt,omitempty"`
}

// Escrow is what a job's artist locked and where it went.
type Escrow struct {
	Payer    string `json:"payer"`
	Locked   uint64 `json:"locked"`
	Paid     uint64 `json:"paid"` // to workers
	Fees     uint64 `json:"fees"` // to the treasury
	Refunded uint64 `json:"refunded"`
	Closed   bool   `json:"closed"`
}

// Left is what the escrow still holds.
func (e *Escrow) Left() uint64 { return e.Locked - e.Paid - e.Fees - e.Refunded }

// NewLedger returns an empty ledger.
func NewLedger() *Ledger {
	return &Ledger{Accounts: map[string]*Account{}, Escrows: map[string]*Escrow{}, Settled: map[string]string{}}
}

// Balance is an account's balance.
func (l *Ledger) Balance(acct string) uint64 {
	if a := l.Accounts[acct]; a != nil {
		return a.Balance
	}
	return 0
}

func (l *Ledger) account(acct string) *Account {
	a := l.Accounts[acct]
	if a == nil {
		a = &Account{}
		l.Accounts[acct] = a
	}
	return a
}

// record applies a checked change to an account and logs it.
func (l *Ledger) record(at int64, acct string, gain bool, amount uint64, e Entry) {
	a := l.account(acct)
	if gain {
		a.Balance += amount
		e.Amount = int64(amount)
	} else {
		a.Balance -= amount
		e.Amount = -int64(amount)
	}
	l.Seq++
	e.Seq, e.At, e.Balance = l.Seq, at, a.Balance
	a.History = append(a.History, e)
	if len(a.History) >= 2*HistoryTail {
		a.History = slices.Clone(a.History[len(a.History)-HistoryTail:])
	}
}

// checkAmount rejects amounts the signed history entries cannot show.
func checkAmount(amount uint64) error {
	if amount > 1<<63-1 {
		return ErrOverflow
	}
	return nil
}

// Mint creates amount in acct.
func (l *Ledger) Mint(at int64, acct string, amount uint64) error {
	if err := checkAmount(amount); err != nil {
		return err
	}
	supply, err := Add(l.Supply, amount)
	if err != nil {
		return fmt.Errorf("minting %d: total supply %w", amount, err)
	}
	if _, err := Add(l.Balance(acct), amount); err != nil {
		return fmt.Errorf("minting %d: %s's balance %w", amount, acct, err)
	}
	l.Supply = supply
	l.record(at, acct, true, amount, Entry{Kind: KindMint})
	return nil
}

// Burn removes amount from acct: what left the ledger for a chain (a
// withdrawal, or a payment an EVM escrow made). peer says where it went.
func (l *Ledger) Burn(at int64, acct string, amount uint64, peer string) error {
	if err := checkAmount(amount); err != nil {
		return err
	}
	if have := l.Balance(acct); have < amount {
		return fmt.Errorf("%w: %s has %d, %d left for the chain", ErrInsufficient, acct, have, amount)
	}
	l.Supply -= amount
	l.record(at, acct, false, amount, Entry{Kind: KindBurn, Peer: peer})
	return nil
}

// Transfer moves amount from one account to another.
func (l *Ledger) Transfer(at int64, from, to string, amount uint64) error {
	if err := checkAmount(amount); err != nil {
		return err
	}
	if amount == 0 {
		return errors.New("transfer of 0: give a positive amount")
	}
	if from == to {
		return errors.New("transfer to the same account")
	}
	if have := l.Balance(from); have < amount {
		return fmt.Errorf("%w: %s has %d, transfer needs %d", ErrInsufficient, from, have, amount)
	}
	l.record(at, from, false, amount, Entry{Kind: KindTransfer, Peer: to})
	l.record(at, to, true, amount, Entry{Kind: KindTransfer, Peer: from})
	return nil
}

// Lock opens job's escrow with amount from payer, or reopens a closed one
// (a retried job) with amount more.
func (l *Ledger) Lock(at int64, job, payer string, amount uint64) error {
	if err := checkAmount(amount); err != nil {
		return err
	}
	e := l.Escrows[job]
	if e != nil && !e.Closed {
		return fmt.Errorf("job %s already has an open escrow", job)
	}
	if e != nil && e.Payer != payer {
		return fmt.Errorf("job %s's escrow is paid by %s, not %s", job, e.Payer, payer)
	}
	if have := l.Balance(payer); have < amount {
		return fmt.Errorf("%w: the job's maximum cost is %d and %s has %d; deposit or ask the operator to mint more", ErrInsufficient, amount, payer, have)
	}
	if e == nil {
		e = &Escrow{Payer: payer}
	} else if _, err := Add(e.Locked, amount); err != nil {
		return err
	}
	e.Locked += amount
	e.Closed = false
	l.Escrows[job] = e
	if amount > 0 {
		l.record(at, payer, false, amount, Entry{Kind: KindEscrow, Job: job})
	}
	return nil
}

// Settle pays price from job's escrow for receipt id: price-fee to the
// worker, fee to the treasury. A receipt settles at most once.
func (l *Ledger) Settle(at int64, job, id, worker string, price, fee uint64) error {
	if _, ok := l.Settled[id]; ok {
		return fmt.Errorf("%w: %s", ErrSettled, id)
	}
	e := l.Escrows[job]
	if e == nil || e.Closed {
		return fmt.Errorf("%w for job %s", ErrNoEscrow, job)
	}
	if fee > price {
		return fmt.Errorf("fee %d is more than the price %d", fee, price)
	}
	if e.Left() < price {
		return fmt.Errorf("%w: job %s's escrow holds %d, the frame costs %d", ErrInsufficient, job, e.Left(), price)
	}
	if _, err := Add(l.Balance(worker), price-fee); err != nil {
		return err
	}
	if _, err := Add(l.Balance(Treasury), fee); err != nil {
		return err
	}
	l.Settled[id] = job
	e.Paid += price - fee
	e.Fees += fee
	if price-fee > 0 {
		l.record(at, worker, true, price-fee, Entry{Kind: KindEarn, Job: job, Receipt: id})
	}
	if fee > 0 {
		l.record(at, Treasury, true, fee, Entry{Kind: KindFee, Job: job, Receipt: id, Peer: worker})
	}
	return nil
}

// Refund closes job's escrow and gives what is left back to its payer.
// Refunding a closed escrow, or a job without one, does nothing.
func (l *Ledger) Refund(at int64, job string) uint64 {
	e := l.Escrows[job]
	if e == nil || e.Closed {
		return 0
	}
	left := e.Left()
	e.Refunded += left
	e.Closed = true
	if left > 0 {
		l.record(at, e.Payer, true, left, Entry{Kind: KindRefund, Job: job})
	}
	return left
}

// Check verifies the ledger's invariants: every escrow's parts add up, and
// the balances and open escrows sum to the minted supply.
func (l *Ledger) Check() error {
	var sum uint64
	var err error
	names := make([]string, 0, len(l.Accounts))
	for n := range l.Accounts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if sum, err = Add(sum, l.Accounts[n].Balance); err != nil {
			return fmt.Errorf("balances: %w", err)
		}
	}
	for job, e := range l.Escrows {
		out := e.Paid + e.Fees + e.Refunded
		if out < e.Paid || out > e.Locked {
			return fmt.Errorf("escrow of job %s paid out %d+%d+%d of %d", job, e.Paid, e.Fees, e.Refunded, e.Locked)
		}
		if e.Closed && e.Left() != 0 {
			return fmt.Errorf("escrow of job %s is closed with %d left", job, e.Left())
		}
		if sum, err = Add(sum, e.Left()); err != nil {
			return fmt.Errorf("escrows: %w", err)
		}
	}
	if sum != l.Supply {
		return fmt.Errorf("balances and escrows sum to %d, minted supply is %d", sum, l.Supply)
	}
	return nil
}
