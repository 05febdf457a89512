package publish

import (
	"errors"
	"io/fs"
	"path/filepath"

	"github.com/amcalc/amcalc/io/vfs"
)

// syncTree fsyncs every regular file and directory under root, root last, so that
// nothing written into the staging folder is lost once it is renamed into place.
func syncTree(fsys vfs.FS, root string) error {
	entries, err := fsys.ReadDir(root)
	if err != nil {
		return err
	}
	for _, e := range entries {
		p := filepath.Join(root, e.Name())
		switch {
		case e.IsDir():
			if err := syncTree(fsys, p); err != nil {
				return err
			}
		case e.Type().IsRegular():
			if err := fsys.Sync(p); err != nil {
				return err
			}
		}
	}
	return fsys.Sync(root)
}

func exists(fsys vfs.FS, path string) (bool, error) {
	_, err := fsys.Stat(path)
	if err == nil {
		return true, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return false, err
}
