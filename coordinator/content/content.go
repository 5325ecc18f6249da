package content

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/ipfs/go-cid"

	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator/raftnode"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/ipfs"
	jobdef "github.com/rendergrid/rendergrid/job"
	"github.com/rendergrid/rendergrid/render/upscale"
	"github.com/rendergrid/rendergrid/scenes"
)

// Limits of the files the coordinator reads from its store.
const (
	MaxInputBytes = 256 << 20 // an upscale input image
	MaxModelBytes = 600 << 20 // an upscale model bundle
)

// Headers of a CAR upload one coordinator copies to another.
const (
	HeaderReplica      = "X-Rendergrid-Replica"       // the copying node's id
	HeaderUploader     = "X-Rendergrid-Uploader"      // who uploaded it
	HeaderUploaderRole = "X-Rendergrid-Uploader-Role" // and their role
)

// Config configures a node's content.
type Config struct {
	ID          string        // this node
	DataDir     string        // the node's data directory: tmp/ and uploads.json
	Log         io.Writer     // where reclaim reports
	SceneLimits scenes.Limits // what a scene may make the coordinator decode
	Client      *http.Client  // for the other coordinators
}

// Content is a coordinator's view of the farm's files: its own store,
// and the other coordinators' for what it lacks.
type Content struct {
	cfg   Config
	store *ipfs.Store
	raft  *raftnode.Node
	fsm   *state.Machine
	owned *uploadOwned // roots only artists' uploads brought into store
}

// Open is the content of a node with store, in the cluster of raft whose
// state is m; it loads the set of roots only artists' uploads brought
// into store.
func Open(cfg Config, store *ipfs.Store, raft *raftnode.Node, m *state.Machine) (*Content, error) {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	owned, err := loadUploadOwned(filepath.Join(cfg.DataDir, "uploads.json"))
	if err != nil {
		return nil, err
	}
	return &Content{cfg: cfg, store: store, raft: raft, fsm: m, owned: owned}, nil
}

// maxSceneBytes bounds a scene the leader reads to validate a job.
const maxSceneBytes = 1 << 30

// Peers returns the API URLs of the other voters, and how many voters
// there are.
func (ct *Content) Peers() ([]string, int) {
	voters, err := ct.raft.Voters()
	if err != nil {
		return nil, 1
	}
	var out []string
	ct.fsm.Read(func(s *state.State) {
		for _, id := range voters {
			if id == ct.cfg.ID {
				continue
			}
			if u := s.Nodes[id].HTTP; u != "" {
				out = append(out, u)
			}
		}
	})
	return out, max(len(voters), 1)
}

// Replicate sends the spooled CAR to one peer.
func (ct *Content) Replicate(ctx context.Context, peer, file string, root cid.Cid, p state.Principal) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, peer+"/api/v1/ipfs/car?cid="+root.String(), f)
	if err != nil {
		return err
	}
	// As a peer, naming the uploader: a follower that has not applied the
	// uploader's token yet (a worker registered a moment ago) still takes
	// the copy.
	req.Header.Set("Authorization", "Bearer "+ct.PeerToken())
	req.Header.Set(HeaderReplica, ct.cfg.ID)
	req.Header.Set(HeaderUploader, p.User)
	req.Header.Set(HeaderUploaderRole, p.Role)
	req.Header.Set("Content-Type", "application/vnd.ipld.car")
	resp, err := ct.cfg.Client.Do(req)
	if err != nil {
		return fmt.Errorf("copying to %s: %w", peer, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 2048))
		return fmt.Errorf("copying to %s: %s: %s", peer, resp.Status, bytes.TrimSpace(msg))
	}
	return nil
}

// Ensure makes sure this node's store holds c, fetching it (as a
// verified CAR) from the other nodes when it does not.
func (ct *Content) Ensure(ctx context.Context, c cid.Cid) error {
	if ok, err := ct.store.Has(ctx, c); err == nil && ok {
		return nil
	}
	peers, _ := ct.Peers()
	var errs []error
	for _, peer := range peers {
		fctx, cancel := context.WithTimeout(ctx, time.Minute)
		err := ipfs.FetchCAR(fctx, ct.PeerClient(), peer, c, ct.store)
		cancel()
		if err == nil {
			return nil
		}
		errs = append(errs, err)
	}
	if len(errs) == 0 {
		return fmt.Errorf("%s is not stored on this coordinator", c)
	}
	return errors.Join(errs...)
}

// maxEnvBytes bounds an environment map file (a 16k×8k float EXR is about
// 1.5 GiB uncompressed; published maps are far smaller).
const maxEnvBytes = 1 << 30

// LoadEnv reads a job's environment map from the store and builds its
// lighting; nil when the job has none.
func (ct *Content) LoadEnv(ctx context.Context, spec api.JobSpec) (*scenes.Environment, error) {
	if spec.Env == "" {
		return nil, nil
	}
	id, err := ipfs.ParseCID(spec.Env)
	if err != nil {
		return nil, fmt.Errorf("env %q: %w", spec.Env, err)
	}
	if err := ct.Ensure(ctx, id); err != nil {
		return nil, fmt.Errorf("environment map %s is not stored on the coordinator (%w); upload it first (rendergrid submit uploads the map it is given)", id, err)
	}
	data, err := ct.ReadStored(ctx, id, maxEnvBytes)
	if err != nil {
		return nil, fmt.Errorf("environment map: %w", err)
	}
	return scenes.DecodeEnvironment(jobdef.EnvName(&spec), data, spec.EnvStrength, spec.EnvRotation)
}

// LoadScene reads a job's scene from the store (fetching it from a peer
// when missing here) and decodes it.
func (ct *Content) LoadScene(ctx context.Context, spec api.JobSpec) (*scenes.Scene, error) {
	id, err := ipfs.ParseCID(spec.Scene)
	if err != nil {
		return nil, fmt.Errorf("scene %q: %w", spec.Scene, err)
	}
	if err := ct.Ensure(ctx, id); err != nil {
		return nil, fmt.Errorf("scene %s is not stored on the coordinator (%w); upload it first (rendergrid submit does)", id, err)
	}
	data, err := ct.ReadStored(ctx, id, maxSceneBytes)
	if err != nil {
		return nil, fmt.Errorf("scene: %w", err)
	}
	sc, err := scenes.DecodeWith(jobdef.SceneName(&spec), data, nil, ct.cfg.SceneLimits)
	if err != nil {
		return nil, fmt.Errorf("scene %s does not load: %w", spec.SceneName, err)
	}
	return sc, nil
}

// ErrTooLarge is returned by readStored for a file over its limit.
var ErrTooLarge = errors.New("file too large")

// ReadStored reads the file under c from the node's store, refusing one
// over limit bytes.
func (ct *Content) ReadStored(ctx context.Context, c cid.Cid, limit int) ([]byte, error) {
	rc, err := ct.store.Get(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", c, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", c, err)
	}
	if len(data) > limit {
		return nil, fmt.Errorf("%s is over %d bytes: %w", c, limit, ErrTooLarge)
	}
	return data, nil
}

// Open opens the file under c in the node's store.
func (ct *Content) Open(ctx context.Context, c cid.Cid) (io.ReadCloser, error) {
	rc, err := ct.store.Get(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", c, err)
	}
	return rc, nil
}

// ReadImage reads a stored PNG or JPEG (fetching it from a peer when
// missing here) and decodes it whole.
func (ct *Content) ReadImage(ctx context.Context, id string) (image.Image, error) {
	c, err := ipfs.ParseCID(id)
	if err != nil {
		return nil, err
	}
	if err := ct.Ensure(ctx, c); err != nil {
		return nil, fmt.Errorf("%s is not stored on the coordinator (%w); upload it first (rendergrid submit upscale does)", c, err)
	}
	data, err := ct.ReadStored(ctx, c, MaxInputBytes)
	if err != nil {
		return nil, err
	}
	img, _, err := upscale.DecodeInput(data)
	if err != nil {
		return nil, fmt.Errorf("%s %w", c, err)
	}
	return img, nil
}

// PeerToken is what a coordinator sends another's gateway: a MAC of the
// cluster's peer key, which only members hold.
func (ct *Content) PeerToken() string {
	var key string
	ct.fsm.Read(func(s *state.State) { key = s.PeerKey })
	if key == "" {
		return ""
	}
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte("rendergrid gateway peer"))
	return "peer." + hex.EncodeToString(m.Sum(nil))
}

// PeerClient is ct.cfg.Client sending the peer token.
func (ct *Content) PeerClient() *http.Client {
	return api.BearerClient(ct.cfg.Client, ct.PeerToken())
}

// ReplicateStored copies the stored DAG under c to the other voters and
// succeeds once a majority of the cluster holds it.
func (ct *Content) ReplicateStored(ctx context.Context, c cid.Cid) error {
	peers, total := ct.Peers()
	if len(peers) == 0 {
		return nil
	}
	tmpDir := filepath.Join(ct.cfg.DataDir, "tmp")
	if err := os.MkdirAll(tmpDir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(tmpDir, "archive-*.car")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if err := ct.store.ExportCAR(ctx, c, tmp); err != nil {
		return err
	}
	replicas := 1
	var errs []error
	for _, peer := range peers {
		if err := ct.Replicate(ctx, peer, tmp.Name(), c, state.Principal{User: "coordinator", Role: api.RoleAdmin}); err != nil {
			errs = append(errs, err)
		} else {
			replicas++
		}
	}
	if replicas*2 <= total {
		return fmt.Errorf("the archive %s is on only %d of %d coordinators: %w", c, replicas, total, errors.Join(errs...))
	}
	return nil
}
