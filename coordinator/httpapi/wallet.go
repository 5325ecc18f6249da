package httpapi

import (
	"net/http"
	"slices"

	"github.com/rendergrid/rendergrid/coordinator/state"
	jobdef "github.com/rendergrid/rendergrid/job"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/render/proof"
)

// handleBind makes an address the caller's account once the caller proves
// it holds its key.
func (n *Server) handleBind(r *http.Request, p state.Principal) (int, any, *api.Error) {
	var req api.BindRequest
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	addr, err := chain.ParseAddress(req.Address)
	if err != nil {
		return 0, nil, badRequest("account: %v", err)
	}
	var chainID uint64
	var taken string
	n.fsm.Read(func(s *state.State) {
		chainID = s.ChainID
		for u, a := range s.Users {
			if a == addr.Hex() && u != p.User {
				taken = u
			}
		}
		if _, ok := s.Workers[addr.Hex()]; ok {
			taken = "a worker"
		}
	})
	msg := chain.BindMessage(p.User, addr, chainID)
	if got, err := chain.Recover(chain.MessageDigest(msg), req.Signature); err != nil || got != addr {
		return 0, nil, forbidden("the binding is not signed by the key of %s (sign %q with it)", addr.Hex(), msg)
	}
	if taken != "" {
		return 0, nil, conflict("account %s already belongs to %s", addr.Hex(), taken)
	}
	if res := n.propose(r.Context(), requestCommand(state.OpBind, r, p, state.BindBody{User: p.User, Address: addr.Hex()})); res.Err != nil {
		return 0, nil, res.Err
	}
	return n.balance(p, addr.Hex(), false)
}

// handleWallet answers the caller's balance (operators may name any
// account) and, with ?history=true, its history.
func (n *Server) handleWallet(r *http.Request, p state.Principal) (int, any, *api.Error) {
	if err := n.currentRead(r); err != nil {
		return 0, nil, err
	}
	acct := r.URL.Query().Get("account")
	if acct != "" && p.Role != api.RoleAdmin {
		var own string
		n.fsm.Read(func(s *state.State) { own = s.AccountOf(p.User, p.Role) })
		if a, err := chain.ParseAddress(acct); err != nil || a.Hex() != own {
			return 0, nil, forbidden("only operators may look at other accounts")
		}
	}
	return n.balance(p, acct, r.URL.Query().Get("history") == "true")
}

// balance reads an account (default: the caller's).
func (n *Server) balance(p state.Principal, acct string, history bool) (int, any, *api.Error) {
	var out api.Balance
	var err *api.Error
	n.fsm.Read(func(s *state.State) {
		if acct == "" {
			acct = s.AccountOf(p.User, p.Role)
			if acct == "" {
				err = notFound("user %s has no account yet: bind one (rendergrid wallet bind)", p.User)
				return
			}
		} else {
			var rerr *state.Error
			if acct, rerr = s.Resolve(acct); rerr != nil {
				err = apiError(rerr)
				return
			}
		}
		out = api.Balance{Account: acct, Balance: s.Ledger.Balance(acct)}
		for _, e := range s.Ledger.Escrows {
			if e.Payer == acct && !e.Closed {
				out.Escrow += e.Left()
			}
		}
		if a := s.Ledger.Accounts[acct]; history && a != nil {
			out.History = slices.Clone(a.History)
		}
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

// handleMint creates tokens in the embedded ledger (operators).
func (n *Server) handleMint(r *http.Request, p state.Principal) (int, any, *api.Error) {
	return decodeAndPropose[api.MintRequest](n, r, p, state.OpMint)
}

// handlePay moves tokens from the caller's account.
func (n *Server) handlePay(r *http.Request, p state.Principal) (int, any, *api.Error) {
	return decodeAndPropose[api.TransferRequest](n, r, p, state.OpTransfer)
}

// decodeAndPropose decodes a T from the request and proposes it as op.
func decodeAndPropose[T any](n *Server, r *http.Request, p state.Principal, op string) (int, any, *api.Error) {
	var req T
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	res := n.propose(r.Context(), requestCommand(op, r, p, req))
	if res.Err != nil {
		return 0, nil, res.Err
	}
	return http.StatusOK, res.Value, nil
}

// handleEarnings answers a worker's earnings per job: its own, or for
// operators, any worker's.
func (n *Server) handleEarnings(r *http.Request, p state.Principal) (int, any, *api.Error) {
	if err := n.currentRead(r); err != nil {
		return 0, nil, err
	}
	id := p.User
	if p.Role != api.RoleWorker {
		if p.Role != api.RoleAdmin {
			return 0, nil, forbidden("a worker's earnings are read by the worker (its own token) or an operator")
		}
		a, err := chain.ParseAddress(r.URL.Query().Get("worker"))
		if err != nil {
			return 0, nil, badRequest("worker: %v", err)
		}
		id = a.Hex()
	}
	var out api.Earnings
	n.fsm.Read(func(s *state.State) { out = state.Earnings(s, id) })
	return http.StatusOK, out, nil
}

// handleQuote estimates a job's cost, and its time from the measured speed
// of the workers that could take it now.
func (n *Server) handleQuote(r *http.Request, p state.Principal) (int, any, *api.Error) {
	var spec api.JobSpec
	if err := decode(r, &spec); err != nil {
		return 0, nil, err
	}
	if spec.Scene == "" {
		// A quote needs no uploaded scene; any valid CID stands in.
		spec.Scene = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku" // the empty file: a quote needs no upload
	}
	if err := jobdef.Validate(&spec); err != nil {
		return 0, nil, badRequest("%v", err)
	}
	cost, err := jobdef.Cost(&spec)
	if err != nil {
		return 0, nil, badRequest("%v", err)
	}
	q := api.Quote{Units: (spec.FrameEnd - spec.FrameStart + 1) * spec.Tiles(), MaxCost: cost}
	pixels := uint64(spec.Width) * uint64(spec.Height)
	frames := uint64(spec.FrameEnd - spec.FrameStart + 1)
	q.Samples = pixels * uint64(spec.SPP) * frames
	n.fsm.Read(func(s *state.State) {
		q.Fee, _ = chain.Fee(cost, s.FeeBPS)
		probe := &state.Job{Spec: spec}
		for id, w := range s.Workers {
			if s.Now-w.LastSeen <= state.ActiveWorkerMS && state.Eligible(probe, id, w) && w.Caps.SamplesSec > 0 {
				q.Workers++
				q.SamplesSec += w.Caps.SamplesSec
			}
		}
		if a := s.AccountOf(p.User, p.Role); a != "" {
			q.Balance = s.Ledger.Balance(a)
		}
	})
	if q.SamplesSec > 0 {
		work := float64(q.Samples)
		if spec.Verify == proof.Redundant {
			work *= float64(100+spec.Redundancy) / 100
		}
		q.Seconds = work / q.SamplesSec
	}
	q.Affordable = q.Balance >= q.MaxCost
	return http.StatusOK, q, nil
}

// handleWhoami tells a token's owner who they are to the farm.
func (n *Server) handleWhoami(r *http.Request, p state.Principal) (int, any, *api.Error) {
	out := api.Whoami{User: p.User, Role: p.Role}
	n.fsm.Read(func(s *state.State) { out.Account = s.AccountOf(p.User, p.Role) })
	return http.StatusOK, out, nil
}
