// The node's one image, made by hand as an OCI archive (there is no registry to pull from) and
// imported into containerd with `ctr images import`. It holds only the static pause program (the
// sandbox's first process) and the merged-/usr symlinks of a Debian root; everything a container
// runs (node, bash, the probe, the profile's programs) comes from the host by hostPath volumes at
// the same paths, so that the absolute paths the harness writes into ENTRYPOINT_OPTIONS and
// SIDECAR_OPTIONS mean the same inside and outside.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

export const IMAGE_REPOSITORY = 'docker.io/podutils-conformance/node';

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Writes the image archive into `dir` and returns its path and the image's reference. */
export async function buildImage(dir: string, pauseBinary: string): Promise<{ archive: string; ref: string }> {
  const work = mkdtempSync(join(dir, 'image-'));
  try {
    const rootfs = join(work, 'rootfs');
    for (const d of ['usr', 'etc', 'tmp', 'proc', 'sys', 'dev', 'run', 'var', 'root', 'opt']) mkdirSync(join(rootfs, d), { recursive: true });
    for (const [link, target] of [['bin', 'usr/bin'], ['sbin', 'usr/sbin'], ['lib', 'usr/lib'], ['lib64', 'usr/lib64']]) symlinkSync(target, join(rootfs, link));
    copyFileSync(pauseBinary, join(rootfs, 'pause'));
    const layerFile = join(work, 'layer.tar');
    // Fixed owners, order and times: the same inputs give the same digest.
    await execa('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-C', rootfs, '-cf', layerFile, '.'], { stdin: 'ignore' });
    const layer = readFileSync(layerFile);
    const layerDigest = sha256(layer);
    const config = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: { Entrypoint: ['/pause'], Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] },
        rootfs: { type: 'layers', diff_ids: [`sha256:${layerDigest}`] },
      }),
    );
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${sha256(config)}`, size: config.length },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: `sha256:${layerDigest}`, size: layer.length }],
      }),
    );
    const tag = sha256(manifest).slice(0, 12);
    const ref = `${IMAGE_REPOSITORY}:${tag}`;
    const layout = join(work, 'layout');
    const blobs = join(layout, 'blobs', 'sha256');
    mkdirSync(blobs, { recursive: true });
    for (const blob of [layer, config, manifest]) writeFileSync(join(blobs, sha256(blob)), blob);
    writeFileSync(join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    writeFileSync(
      join(layout, 'index.json'),
      JSON.stringify({
        schemaVersion: 2,
        manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${sha256(manifest)}`, size: manifest.length, annotations: { 'io.containerd.image.name': ref, 'org.opencontainers.image.ref.name': tag } }],
      }),
    );
    const archive = join(dir, 'image.tar');
    await execa('tar', ['-C', layout, '-cf', archive, '.'], { stdin: 'ignore' });
    return { archive, ref };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
