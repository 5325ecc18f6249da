package httpapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator/content"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/ipfs"
	jobdef "github.com/rendergrid/rendergrid/job"
	"github.com/rendergrid/rendergrid/render/proof"
	"github.com/rendergrid/rendergrid/scenes"
)

// uploads authorizes a CAR upload: a client's with its token, or a copy
// from a peer coordinator (content.HeaderReplica, the peer token) for the uploader it
// names.
func (n *Server) uploads(h handlerFunc) http.HandlerFunc {
	client := n.local(rolesUpload, h)
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get(content.HeaderReplica) == "" || !n.isPeer(r) {
			client(w, r)
			return
		}
		p := state.Principal{User: r.Header.Get(content.HeaderUploader), Role: r.Header.Get(content.HeaderUploaderRole)}
		if p.User == "" || !slices.Contains(rolesUpload, p.Role) {
			writeError(w, badRequest("a copy from a peer must name its uploader and role"))
			return
		}
		serve(w, r, p, h)
	}
}

// handleUploadCAR stores a CAR (one root, every block checked against its
// CID) in this node's store and copies it to the other nodes; it succeeds
// once a majority of the cluster holds it, so losing a minority loses no
// scene or output.
func (n *Server) handleUploadCAR(r *http.Request, p state.Principal) (int, any, *api.Error) {
	tmp, size, aerr := n.spool(r, "upload-*.car")
	if aerr != nil {
		return 0, nil, aerr
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	return n.importCAR(r, p, tmp, size)
}

// handleUploadFile stores a plain file (the dashboard's scene uploads,
// which cannot build a CAR): it is chunked into the DAG the CLI and Kubo
// would make, and that CAR goes the way of handleUploadCAR.
func (n *Server) handleUploadFile(r *http.Request, p state.Principal) (int, any, *api.Error) {
	raw, _, aerr := n.spool(r, "upload-*.bin")
	if aerr != nil {
		return 0, nil, aerr
	}
	defer os.Remove(raw.Name())
	defer raw.Close()
	scratch, err := os.MkdirTemp(filepath.Join(n.cfg.DataDir, "tmp"), "add-")
	if err != nil {
		return 0, nil, errorf(http.StatusInternalServerError, state.CodeInternal, "spooling upload: %v", err)
	}
	defer os.RemoveAll(scratch)
	st, err := ipfs.Open(r.Context(), scratch, ipfs.Options{NoSync: true})
	if err != nil {
		return 0, nil, errorf(http.StatusInternalServerError, state.CodeInternal, "spooling upload: %v", err)
	}
	defer st.Close()
	root, err := st.Add(r.Context(), raw)
	if err != nil {
		return 0, nil, errorf(http.StatusInternalServerError, state.CodeInternal, "chunking the upload: %v", err)
	}
	car, err := os.CreateTemp(filepath.Join(n.cfg.DataDir, "tmp"), "upload-*.car")
	if err != nil {
		return 0, nil, errorf(http.StatusInternalServerError, state.CodeInternal, "spooling upload: %v", err)
	}
	defer os.Remove(car.Name())
	defer car.Close()
	if err := st.ExportCAR(r.Context(), root, car); err != nil {
		return 0, nil, errorf(http.StatusInternalServerError, state.CodeInternal, "spooling upload: %v", err)
	}
	size, err := car.Seek(0, io.SeekCurrent)
	if err != nil {
		return 0, nil, errorf(http.StatusInternalServerError, state.CodeInternal, "spooling upload: %v", err)
	}
	if _, err := car.Seek(0, io.SeekStart); err != nil {
		return 0, nil, errorf(http.StatusInternalServerError, state.CodeInternal, "spooling upload: %v", err)
	}
	return n.importCAR(r, p, car, size)
}

// spool copies a request's body, up to the upload limit, into a temporary
// file named by pattern, rewound.
func (n *Server) spool(r *http.Request, pattern string) (*os.File, int64, *api.Error) {
	limit := n.cfg.Store.MaxUpload
	if limit <= 0 {
		limit = ipfs.DefaultMaxUpload
	}
	if r.ContentLength > limit {
		return nil, 0, errorf(http.StatusRequestEntityTooLarge, state.CodeTooLarge, "upload of %d bytes is over this coordinator's %d-byte limit", r.ContentLength, limit)
	}
	tmpDir := filepath.Join(n.cfg.DataDir, "tmp")
	if err := os.MkdirAll(tmpDir, 0o700); err != nil {
		return nil, 0, errorf(http.StatusInternalServerError, state.CodeInternal, "spooling upload: %v", err)
	}
	tmp, err := os.CreateTemp(tmpDir, pattern)
	if err != nil {
		return nil, 0, errorf(http.StatusInternalServerError, state.CodeInternal, "spooling upload: %v", err)
	}
	fail := func(e *api.Error) (*os.File, int64, *api.Error) {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, 0, e
	}
	size, err := io.Copy(tmp, &readOnly{io.LimitReader(r.Body, limit+1)})
	if err != nil {
		var re readError
		if errors.As(err, &re) {
			return fail(badRequest("reading the upload: %v", re.error))
		}
		if errors.Is(err, syscall.ENOSPC) {
			fmt.Fprintf(n.cfg.Log, "coordinator %s: refusing an upload: %v\n", n.id, err)
			return fail(errorf(http.StatusInsufficientStorage, state.CodeUnavailable, "coordinator %s's disk is full (%v); another coordinator may take the upload", n.id, err))
		}
		return fail(errorf(http.StatusInternalServerError, state.CodeInternal, "spooling upload: %v", err))
	}
	if size > limit {
		return fail(errorf(http.StatusRequestEntityTooLarge, state.CodeTooLarge, "upload is over this coordinator's %d-byte limit", limit))
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return fail(errorf(http.StatusInternalServerError, state.CodeInternal, "spooling upload: %v", err))
	}
	return tmp, size, nil
}

// importCAR stores the spooled CAR tmp of size bytes: the uploader's
// quota first, then every block checked, then copies on a majority.
func (n *Server) importCAR(r *http.Request, p state.Principal, tmp *os.File, size int64) (int, any, *api.Error) {
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return 0, nil, errorf(http.StatusInternalServerError, state.CodeInternal, "spooling upload: %v", err)
	}
	// An artist's upload counts against their stored-bytes quota: refused
	// here, before a block is written, when it would not fit.
	counted := p.Role == api.RoleArtist
	var had bool
	if head, err := ipfs.CARRoots(tmp); err == nil && len(head) == 1 {
		had, _ = n.store.Has(r.Context(), head[0])
		if counted && r.Header.Get(content.HeaderReplica) == "" {
			var qerr *api.Error
			n.fsm.Read(func(s *state.State) {
				qerr = apiError(s.CheckStored(p.User, head[0].String(), state.Charge(size), n.cfg.Quota.Bytes))
			})
			if qerr != nil {
				return 0, nil, qerr
			}
		}
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return 0, nil, errorf(http.StatusInternalServerError, state.CodeInternal, "spooling upload: %v", err)
	}
	roots, err := n.store.ImportCAR(r.Context(), tmp, "the upload from "+p.User)
	if err != nil {
		var q *ipfs.QuotaError
		if errors.As(err, &q) {
			return 0, nil, errorf(http.StatusRequestEntityTooLarge, state.CodeTooLarge, "%v", err)
		}
		if errors.Is(err, ipfs.ErrDiskFull) {
			fmt.Fprintf(n.cfg.Log, "coordinator %s: refusing an upload: %v\n", n.id, err)
			return 0, nil, errorf(http.StatusInsufficientStorage, state.CodeUnavailable, "%v", err)
		}
		return 0, nil, badRequest("%v", err)
	}
	if len(roots) != 1 {
		return 0, nil, badRequest("the CAR has %d roots; upload one file per CAR", len(roots))
	}
	root := roots[0]
	if want := r.URL.Query().Get("cid"); want != "" && want != root.String() {
		return 0, nil, badRequest("the CAR's root is %s, not the expected %s", root, want)
	}
	switch {
	case !counted:
		n.content.SetOwned(root.String(), false) // a worker's or operator's: never reclaimed
	case !had:
		n.content.SetOwned(root.String(), true)
	}
	resp := api.Upload{CID: root.String(), Replicas: 1, Nodes: 1}
	if r.Header.Get(content.HeaderReplica) != "" {
		return http.StatusOK, resp, nil
	}
	peers, total := n.content.Peers()
	resp.Nodes = total
	var mu sync.Mutex
	var wg sync.WaitGroup
	var errs []error
	for _, peer := range peers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := n.content.Replicate(r.Context(), peer, tmp.Name(), root, p)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
			} else {
				resp.Replicas++
			}
		}()
	}
	wg.Wait()
	if resp.Replicas*2 <= total {
		return 0, nil, unavailable("%s is stored on only %d of %d coordinators (%v); retry when more are up", root, resp.Replicas, total, errors.Join(errs...))
	}
	if len(errs) > 0 {
		// Stored on a majority, but the operator should know a peer missed it.
		fmt.Fprintf(n.cfg.Log, "coordinator %s: %s is stored on %d of %d coordinators: %v\n", n.id, root, resp.Replicas, total, errors.Join(errs...))
	}
	if counted {
		if err := n.recordUpload(r.Context(), p.User, root.String(), state.Charge(size)); err != nil {
			return 0, nil, err
		}
	}
	return http.StatusOK, resp, nil
}

// readOnly tells the client's failures apart from the spool's: its errors
// are readErrors. (It hides the reader's WriterTo, so io.Copy reads
// through it.)
type readOnly struct{ r io.Reader }

type readError struct{ error }

func (r *readOnly) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		err = readError{err}
	}
	return n, err
}

// handleSubmit validates a job (its spec, and its scene, which must be
// stored and must load; or an AI job's model and inputs) and appends it.
func (n *Server) handleSubmit(r *http.Request, p state.Principal) (int, any, *api.Error) {
	var spec api.JobSpec
	if err := decode(r, &spec); err != nil {
		return 0, nil, err
	}
	if err := jobdef.Validate(&spec); err != nil {
		return 0, nil, badRequest("%v", err)
	}
	switch {
	case spec.AI():
		if err := n.checkAI(r.Context(), &spec); err != nil {
			return 0, nil, err
		}
	case spec.Engine == api.EngineBlender:
		if err := n.checkBlend(r.Context(), &spec); err != nil {
			return 0, nil, err
		}
	default:
		if err := n.checkScene(r.Context(), spec); err != nil {
			return 0, nil, err
		}
	}
	q := n.cfg.Quota
	res := n.propose(r.Context(), requestCommand(state.OpSubmit, r, p, state.SubmitBody{Spec: spec, Quota: &q}))
	if res.Err != nil {
		return 0, nil, res.Err
	}
	return http.StatusCreated, res.Value, nil
}

// checkBlend checks that a .blend job's scene is stored and is a .blend
// file (plain, or compressed as Blender writes it), and that every file of
// its folder is stored: the files are read by Blender on the workers only.
// Under the sample policy it pins the coordinators' Blender version when
// the job pins none, and refuses a job that Blender cannot re-render.
func (n *Server) checkBlend(ctx context.Context, spec *api.JobSpec) *api.Error {
	c, err := ipfs.ParseCID(spec.Scene)
	if err != nil {
		return badRequest("scene %q: %v", spec.Scene, err)
	}
	// Only its head is read: the file is Blender's to parse, on the workers.
	if err := n.content.Ensure(ctx, c); err != nil {
		return badRequest("scene %s: %v; upload it first", spec.Scene, err)
	}
	rc, err := n.store.Get(ctx, c)
	if err != nil {
		return badRequest("scene %s: %v; upload it first", spec.Scene, err)
	}
	defer rc.Close()
	head := make([]byte, 8)
	n8, _ := io.ReadFull(rc, head)
	if !jobdef.IsBlend(head[:n8]) {
		return badRequest("scene %s (%s) is not a .blend file: a job with engine blender renders a .blend", spec.Scene, spec.SceneName)
	}
	if spec.Verify == proof.Sample {
		// The verifier re-renders regions with the coordinators' Blender:
		// the job renders with that version, on a device it has.
		b := n.cfg.Blender
		if b == nil {
			return badRequest("verify sample re-renders a region of every unit with the coordinators' Blender, and this farm's have none: use redundant (the default for .blend jobs)")
		}
		if spec.Blender == "" {
			spec.Blender = b.Version
		}
		if err := b.Check(spec); err != nil {
			return badRequest("verify sample re-renders regions with the coordinators' Blender %s on %s: %v; pin blender %s or use redundant", b.Version, strings.Join(b.Devices, ", "), err, b.Version)
		}
	}
	for _, f := range spec.Files {
		c, err := ipfs.ParseCID(f.CID)
		if err != nil {
			return badRequest("file %s: %v", f.Path, err)
		}
		if err := n.content.Ensure(ctx, c); err != nil {
			return badRequest("file %s (%s): %v; upload it first", f.Path, f.CID, err)
		}
	}
	return nil
}

// checkScene loads the job's scene from the store and checks that its
// first and last frames can be set up (camera, animation). The scene
// limits (triangles, every instance counted, and texture pixels) hold for
// every frame of the range, since animation moves instances but never
// adds any.
func (n *Server) checkScene(ctx context.Context, spec api.JobSpec) *api.Error {
	sc, err := n.content.LoadScene(ctx, spec)
	if err != nil {
		var le *scenes.LimitError
		if errors.As(err, &le) {
			return errorf(http.StatusRequestEntityTooLarge, state.CodeTooLarge, "%v (a limit of this coordinator)", err)
		}
		return badRequest("%v", err)
	}
	lit := spec.Env != "" || spec.Background != nil && (spec.Background[0] > 0 || spec.Background[1] > 0 || spec.Background[2] > 0)
	for _, fr := range []int{spec.FrameStart, spec.FrameEnd} {
		f, err := sc.Frame(scenes.FrameOptions{Frame: fr, FPS: spec.FPS, Camera: spec.Camera})
		if err != nil {
			return badRequest("scene %s frame %d: %v", spec.SceneName, fr, err)
		}
		lit = lit || f.Lit()
	}
	if !lit {
		return badRequest("scene %s: %s", spec.SceneName, scenes.NoLightWarning)
	}
	if spec.Env != "" {
		if _, err := n.content.LoadEnv(ctx, spec); err != nil {
			return badRequest("%v", err)
		}
	}
	return nil
}
