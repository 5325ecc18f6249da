package state

import (
	"fmt"
	"sort"

	"github.com/ethereum/go-ethereum/common"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
)

// OnChain is the cluster's link to an EVM chain, in the replicated state.
// Mode evm: jobs are funded in the escrow contract and their frames settle
// there in batches. Either mode: deposits to the contract are credited to
// the ledger once each, and balances leave it by signed vouchers.
type OnChain struct {
	Mode     string          `json:"mode"`
	Escrow   string          `json:"escrow"`
	Treasury string          `json:"treasury"` // the contract's fee address
	Credited map[string]bool `json:"credited"` // deposit ids (depositor/nonce)
	Next     uint64          `json:"next"`     // the next block the deposit scan reads
	Vouchers []Withdrawal    `json:"vouchers"` // nonce i+1 is Vouchers[i]
}

// Withdrawal is a withdrawal the ledger debited.
type Withdrawal struct {
	Account string `json:"account"`
	To      string `json:"to"`
	Amount  uint64 `json:"amount"`
	At      int64  `json:"at"`
}

// JobEscrow is an evm-mode job's escrow on chain as the cluster knows it.
type JobEscrow struct {
	Need      uint64            `json:"need"`
	Funded    uint64            `json:"funded"`
	Owed      map[string]uint64 `json:"owed"` // payee address -> cumulative earnings on the job
	Paid      map[string]uint64 `json:"paid"` // payee address -> what the contract paid
	Seq       uint64            `json:"seq"`
	Unbatched []string          `json:"unbatched,omitempty"` // receipt ids accepted since the last batch
	Since     int64             `json:"since,omitempty"`     // when the oldest unbatched receipt was accepted
	Closed    bool              `json:"closed,omitempty"`
}

// evm says whether the farm settles on an EVM chain.
func (s *State) evm() bool { return s.Chain != nil && s.Chain.Mode == api.ChainEVM }

// evmAccount is the ledger account that holds a worker's earnings until
// the contract pays them: users cannot move it.
func EVMAccount(addr string) string { return "evm:" + addr }

// Bodies of the chain's commands.
type (
	DepositBody struct {
		ID      string `json:"id"`
		Address string `json:"address"`
		Amount  uint64 `json:"amount"`
		Block   uint64 `json:"block"`
		Tx      string `json:"tx"`
	}
	BridgeBody struct {
		Deposits []DepositBody `json:"deposits"`
		Next     uint64        `json:"next"`
	}
	WithdrawBody struct {
		To     string `json:"to"`
		Amount uint64 `json:"amount"`
	}
	FundedBody struct {
		Job    string `json:"job"`
		Owner  string `json:"owner"`
		Funded uint64 `json:"funded"`
	}
	// chainSettledBody is what the contract has paid on a job, read from
	// the chain after a batch: the ledger burns the difference.
	ChainSettledBody struct {
		Job     string            `json:"job"`
		Seq     uint64            `json:"seq"`
		Paid    map[string]uint64 `json:"paid"`
		Batched int               `json:"batched"` // unbatched receipts the batch covered
		Closed  bool              `json:"closed"`
		Refund  uint64            `json:"refund"`
		Tx      string            `json:"tx,omitempty"`
	}
)

// bridge credits deposits not credited before and advances the scan.
func (f *Machine) bridge(now int64, b BridgeBody) (int, *Error) {
	s := f.s
	if s.Chain == nil {
		return 0, badRequest("this farm has no escrow contract")
	}
	n := 0
	for _, d := range b.Deposits {
		if s.Chain.Credited[d.ID] {
			continue
		}
		a, err := chain.ParseAddress(d.Address)
		if err != nil || d.Amount == 0 {
			continue
		}
		if err := s.Ledger.Mint(now, a.Hex(), d.Amount); err != nil {
			return n, ledgerError(err)
		}
		s.Chain.Credited[d.ID] = true
		n++
	}
	s.Chain.Next = max(s.Chain.Next, b.Next)
	return n, nil
}

// withdraw debits the caller's balance and issues the next voucher.
func (f *Machine) withdraw(c *Command, b WithdrawBody) (api.Voucher, *Error) {
	s := f.s
	if s.Chain == nil {
		return api.Voucher{}, badRequest("this farm has no escrow contract to withdraw from: its coordinators run without --escrow")
	}
	acct := s.AccountOf(c.Caller, c.Role)
	if acct == "" {
		return api.Voucher{}, badRequest("user %s has no account: bind one first (rendergrid wallet bind)", c.Caller)
	}
	to, err := chain.ParseAddress(b.To)
	if err != nil {
		return api.Voucher{}, badRequest("withdraw to: %v", err)
	}
	if b.Amount == 0 {
		return api.Voucher{}, badRequest("withdrawal of 0: give a positive amount")
	}
	nonce := uint64(len(s.Chain.Vouchers) + 1)
	if err := s.Ledger.Burn(c.Now, acct, b.Amount, fmt.Sprintf("withdrawal %d to %s", nonce, to.Hex())); err != nil {
		return api.Voucher{}, ledgerError(err)
	}
	s.Chain.Vouchers = append(s.Chain.Vouchers, Withdrawal{Account: acct, To: to.Hex(), Amount: b.Amount, At: c.Now})
	return s.Voucher(nonce), nil
}

// Withdrawal is withdrawal nonce, unsigned.
func (s *State) Voucher(nonce uint64) api.Voucher {
	v := s.Chain.Vouchers[nonce-1]
	return api.Voucher{
		Withdrawal: chain.Withdrawal{Escrow: common.HexToAddress(s.Chain.Escrow), To: common.HexToAddress(v.To), Amount: v.Amount, Nonce: nonce},
		Account:    v.Account, ChainID: s.ChainID, At: v.At,
	}
}

// funded starts an evm-mode job its owner funded on chain: the funding
// enters the ledger and is locked as the job's escrow.
func (f *Machine) funded(now int64, b FundedBody) (api.Job, *Error) {
	s := f.s
	j := s.job(b.Job)
	if j == nil || j.Chain == nil {
		return api.Job{}, notFound("job %s is not waiting for funds", b.Job)
	}
	if j.Chain.Funded > 0 {
		return j.View(s.Ledger), nil
	}
	if b.Funded < j.Chain.Need {
		return api.Job{}, errorf(CodeFunds, "job %s holds %d on chain and needs %d", j.ID, b.Funded, j.Chain.Need)
	}
	if err := s.Ledger.Mint(now, b.Owner, b.Funded); err != nil {
		return api.Job{}, ledgerError(err)
	}
	if err := s.Ledger.Lock(now, j.ID, b.Owner, b.Funded); err != nil {
		return api.Job{}, ledgerError(err)
	}
	j.Chain.Funded = b.Funded
	j.logf(now, "funded on chain with %d by %s", b.Funded, b.Owner)
	if j.State == api.JobPaused {
		j.State = api.JobQueued
		f.settle(now, j)
	}
	f.emitJob(j)
	return j.View(s.Ledger), nil
}

// owe records an evm-mode payment for the next batch.
func (s *State) owe(now int64, j *Job, worker string, price, fee uint64, id string) {
	c := j.Chain
	if c.Owed == nil {
		c.Owed = map[string]uint64{}
	}
	c.Owed[worker] += price - fee
	if fee > 0 {
		c.Owed[s.Chain.Treasury] += fee
	}
	if len(c.Unbatched) == 0 {
		c.Since = now
	}
	c.Unbatched = append(c.Unbatched, id)
}

// chainSettled records what the contract paid on a job: each payee's
// earnings leave the ledger as the contract pays them, and a closed job's
// refund leaves its owner's account.
func (f *Machine) chainSettled(now int64, b ChainSettledBody) *Error {
	s := f.s
	j := s.job(b.Job)
	if j == nil || j.Chain == nil {
		return notFound("job %s has no escrow on chain", b.Job)
	}
	c := j.Chain
	if b.Seq < c.Seq {
		return nil // an older reading
	}
	if c.Paid == nil {
		c.Paid = map[string]uint64{}
	}
	payees := make([]string, 0, len(b.Paid))
	for p := range b.Paid {
		payees = append(payees, p)
	}
	sort.Strings(payees)
	for _, p := range payees {
		if b.Paid[p] <= c.Paid[p] {
			continue
		}
		delta := b.Paid[p] - c.Paid[p]
		acct := EVMAccount(p)
		if p == s.Chain.Treasury {
			acct = chain.Treasury
		}
		if have := s.Ledger.Balance(acct); have < delta {
			j.logf(now, "chain paid %s %d, the ledger held %d", p, delta, have)
			delta = have
		}
		if delta > 0 {
			_ = s.Ledger.Burn(now, acct, delta, "escrow "+s.Chain.Escrow)
		}
		c.Paid[p] = b.Paid[p]
	}
	c.Seq = b.Seq
	if b.Batched > 0 && b.Batched <= len(c.Unbatched) {
		c.Unbatched = c.Unbatched[b.Batched:]
		c.Since = now
	}
	if b.Closed && !c.Closed {
		c.Closed = true
		if e := s.Ledger.Escrows[j.ID]; e != nil {
			refund := min(b.Refund, s.Ledger.Balance(e.Payer))
			if refund > 0 {
				_ = s.Ledger.Burn(now, e.Payer, refund, "refund by escrow "+s.Chain.Escrow)
			}
		}
	}
	j.logf(now, "settled on chain: batch %d %s", b.Seq, b.Tx)
	return nil
}

// mintNFT records a minted frame; a frame is minted once.
func (f *Machine) mintNFT(now int64, t api.NFT) (api.NFT, *Error) {
	s := f.s
	key := chain.FrameKey(t.Job, t.Frame).Hex()
	if id, ok := s.Minted[key]; ok {
		return api.NFT{}, conflict("frame %d of job %s is already minted as token %d", t.Frame, t.Job, id)
	}
	if t.ID == 0 {
		t.ID = uint64(len(s.NFTs) + 1)
		for s.NFTs[t.ID] != nil {
			t.ID++
		}
	}
	if s.NFTs[t.ID] != nil {
		return api.NFT{}, conflict("token %d exists", t.ID)
	}
	t.Minted = now
	s.NFTs[t.ID] = &t
	s.Minted[key] = t.ID
	return t, nil
}

// fundingView is an evm-mode job's escrow for the API.
func (j *Job) fundingView() *api.Funding {
	c := j.Chain
	if c == nil {
		return nil
	}
	v := &api.Funding{Key: chain.JobKey(j.ID).Hex(), Need: c.Need, Funded: c.Funded, Seq: c.Seq, Closed: c.Closed}
	for p, o := range c.Owed {
		v.Owed += o - min(o, c.Paid[p])
	}
	return v
}
