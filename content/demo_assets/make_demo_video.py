"""Remake content/demo_assets/demo-video.mp4, the 本地影视 demo's sample video (self-made, under
the project's licence): 8 seconds at 12 frames a second panning across a scene drawn by
content/demo_images.py, H.264 baseline in yuv420p with the index first (faststart), so every
browser plays it in a <video> and starts before the whole file has arrived.

Needs ffmpeg with libx264 on PATH (the demo itself does not: it ships the result, some 61 KB).
Run from the repository: ``.venv/bin/python content/demo_assets/make_demo_video.py``.
"""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = Path(__file__).resolve().parent / "demo-video.mp4"
FPS, SECONDS, WIDTH, HEIGHT = 12, 8, 640, 360


def main() -> int:
    """Draw the frames and pipe them to ffmpeg; returns ffmpeg's exit status."""
    if shutil.which("ffmpeg") is None:
        print("ffmpeg 未安装：无法重新生成示例视频。", file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT))
    from content.demo_images import scene_image

    scene = scene_image(seed=7, size=(960, HEIGHT))
    frames = FPS * SECONDS
    # fmt: off
    command = [
        "ffmpeg", "-y", "-loglevel", "error",
        "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{WIDTH}x{HEIGHT}", "-r", str(FPS), "-i", "-",
        "-c:v", "libx264", "-profile:v", "baseline", "-level", "3.0", "-pix_fmt", "yuv420p",
        "-crf", "30", "-preset", "veryslow", "-movflags", "+faststart", "-an", str(OUTPUT),
    ]
    # fmt: on
    process = subprocess.Popen(command, stdin=subprocess.PIPE)  # noqa: S603 - fixed arguments
    for index in range(frames):
        left = (scene.width - WIDTH) * index // (frames - 1)
        process.stdin.write(scene.crop((left, 0, left + WIDTH, HEIGHT)).tobytes())
    process.stdin.close()
    return process.wait()


if __name__ == "__main__":
    sys.exit(main())
