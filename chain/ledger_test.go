package chain

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"testing"
)

// step is one ledger operation of a table test.
type step struct {
	op      string // mint, transfer, lock, settle, refund
	a, b    string
	amount  uint64
	fee     uint64
	id      string
	wantErr error // nil: must succeed; errAny: any error
}

var errAny = errors.New("any error")

func (s step) apply(l *Ledger) error {
	switch s.op {
	case "mint":
		return l.Mint(1, s.a, s.amount)
	case "transfer":
		return l.Transfer(1, s.a, s.b, s.amount)
	case "lock":
		return l.Lock(1, s.a, s.b, s.amount)
	case "settle":
		return l.Settle(1, s.a, s.id, s.b, s.amount, s.fee)
	case "refund":
		l.Refund(1, s.a)
		return nil
	}
	panic(s.op)
}

func TestLedgerRules(t *testing.T) {
	steps := []step{
		{op: "mint", a: "artist", amount: 1000},
		{op: "transfer", a: "artist", b: "bob", amount: 1001, wantErr: ErrInsufficient},
		{op: "transfer", a: "artist", b: "artist", amount: 1, wantErr: errAny},
		{op: "transfer", a: "artist", b: "bob", amount: 0, wantErr: errAny},
		{op: "transfer", a: "artist", b: "bob", amount: 100},
		{op: "lock", a: "j1", b: "artist", amount: 901, wantErr: ErrInsufficient},
		{op: "lock", a: "j1", b: "artist", amount: 600},
		{op: "lock", a: "j1", b: "artist", amount: 1, wantErr: errAny},
		{op: "settle", a: "j1", b: "w1", id: "r1", amount: 100, fee: 3},
		{op: "settle", a: "j1", b: "w1", id: "r1", amount: 100, fee: 3, wantErr: ErrSettled},
		{op: "settle", a: "j1", b: "w2", id: "r2", amount: 100, fee: 101, wantErr: errAny},
		{op: "settle", a: "j1", b: "w2", id: "r3", amount: 501, wantErr: ErrInsufficient},
		{op: "settle", a: "j2", b: "w2", id: "r4", amount: 1, wantErr: ErrNoEscrow},
		{op: "settle", a: "j1", b: "w2", id: "r5", amount: 500, fee: 0},
		{op: "refund", a: "j1"},
		{op: "settle", a: "j1", b: "w2", id: "r6", amount: 0, wantErr: ErrNoEscrow},
		{op: "mint", a: "bob", amount: math.MaxUint64 - 1000, wantErr: ErrOverflow},
		{op: "mint", a: "bob", amount: 1 << 62},
		{op: "mint", a: "carol", amount: 1 << 62},
		{op: "mint", a: "dave", amount: 1 << 63, wantErr: ErrOverflow}, // over what a history entry can show
	}
	l := NewLedger()
	for i, s := range steps {
		before, _ := json.Marshal(l)
		err := s.apply(l)
		switch {
		case s.wantErr == nil && err != nil:
			t.Fatalf("step %d %+v: %v", i, s, err)
		case s.wantErr != nil && err == nil:
			t.Fatalf("step %d %+v succeeded, want %v", i, s, s.wantErr)
		case s.wantErr != nil && s.wantErr != errAny && !errors.Is(err, s.wantErr):
			t.Fatalf("step %d %+v: %v, want %v", i, s, err, s.wantErr)
		}
		if err != nil {
			after, _ := json.Marshal(l)
			if string(after) != string(before) {
				t.Fatalf("step %d failed (%v) but changed the ledger", i, err)
			}
		}
		if err := l.Check(); err != nil {
			t.Fatalf("after step %d %+v: %v", i, s, err)
		}
	}
	want := map[string]uint64{"artist": 300, "bob": 100 + 1<<62, "w1": 97, "w2": 500, Treasury: 3, "carol": 1 << 62}
	// The artist sent bob 100 and locked 600, all of which was paid out.
	for acct, b := range want {
		if got := l.Balance(acct); got != b {
			t.Errorf("%s has %d, want %d", acct, got, b)
		}
	}
	if e := l.Escrows["j1"]; !e.Closed || e.Paid != 597 || e.Fees != 3 || e.Refunded != 0 {
		t.Errorf("escrow %+v", *e)
	}
	h := l.Accounts["w1"].History
	if len(h) != 1 || h[0].Kind != KindEarn || h[0].Amount != 97 || h[0].Receipt != "r1" {
		t.Errorf("w1 history %+v", h)
	}
}

func TestLedgerRefundReturnsTheRest(t *testing.T) {
	l := NewLedger()
	must(t, l.Mint(1, "a", 50))
	must(t, l.Lock(2, "j", "a", 40))
	must(t, l.Settle(3, "j", "r", "w", 15, 5))
	if got := l.Refund(4, "j"); got != 25 {
		t.Fatalf("refund %d, want 25", got)
	}
	if got := l.Refund(5, "j"); got != 0 {
		t.Fatalf("second refund %d, want 0", got)
	}
	if l.Balance("a") != 35 || l.Balance("w") != 10 || l.Balance(Treasury) != 5 {
		t.Fatalf("balances a=%d w=%d t=%d", l.Balance("a"), l.Balance("w"), l.Balance(Treasury))
	}
	must(t, l.Check())
}

func TestLedgerCheckCatchesBrokenSums(t *testing.T) {
	l := NewLedger()
	must(t, l.Mint(1, "a", 50))
	l.Accounts["a"].Balance++ // a bug that creates money
	if l.Check() == nil {
		t.Fatal("Check accepts balances over the supply")
	}
}

func TestLedgerSerializesWhole(t *testing.T) {
	l := NewLedger()
	must(t, l.Mint(1, "a", 50))
	must(t, l.Lock(2, "j", "a", 40))
	must(t, l.Settle(3, "j", "r", "w", 15, 5))
	b, _ := json.Marshal(l)
	back := NewLedger()
	must(t, json.Unmarshal(b, back))
	if !reflect.DeepEqual(l, back) {
		t.Fatal("ledger differs after a JSON round trip")
	}
}

func TestPrice(t *testing.T) {
	for _, c := range []struct {
		name        string
		p           Price
		tile, tiles int
		pixels, spp uint64
		want        uint64
		err         bool
	}{
		{"per frame", Price{PerFrame: 100}, 0, 1, 64, 16, 100, false},
		{"tile share", Price{PerFrame: 100}, 0, 3, 64, 16, 33, false},
		{"last tile takes the rest", Price{PerFrame: 100}, 2, 3, 64, 16, 34, false},
		{"per MPS exact", Price{PerMPS: 5}, 0, 1, 1000, 1000, 5, false},
		{"per MPS rounds up", Price{PerMPS: 5}, 0, 1, 1000, 1001, 6, false},
		{"free", Price{}, 0, 1, 1000, 1000, 0, false},
		{"overflow in work", Price{PerMPS: 1}, 0, 1, math.MaxUint64, 2, 0, true},
		{"overflow in price", Price{PerMPS: math.MaxUint64}, 0, 1, 16384 * 16384, 65536, 0, true},
	} {
		got, err := c.p.Unit(c.tile, c.tiles, c.pixels, c.spp)
		if (err != nil) != c.err || got != c.want {
			t.Errorf("%s: %d, %v; want %d, err=%v", c.name, got, err, c.want, c.err)
		}
	}
	if (Price{PerFrame: 1, PerMPS: 1}).Validate() == nil {
		t.Error("both rates accepted")
	}
	if f, _ := Fee(1000, 250); f != 25 {
		t.Errorf("fee %d, want 25", f)
	}
	if _, err := Fee(1, MaxFeeBPS+1); err == nil {
		t.Error("fee over 100% accepted")
	}
	if f, _ := Fee(math.MaxUint64, MaxFeeBPS); f != math.MaxUint64 {
		t.Errorf("fee of max at 100%% = %d", f)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
