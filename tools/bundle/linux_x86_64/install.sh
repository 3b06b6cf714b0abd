#!/bin/sh
# xlgen 离线安装：在本文件旁建立 venv 文件夹，从 wheels 文件夹安装 xlgen。
# 不连网，不需要 root。需要 Python @PYTHONS@，x86_64，glibc 2.28 或更新
# （统信 UOS 20、银河麒麟 V10 及以后）。
# 用法：sh install.sh          （指定 Python：PYTHON=/opt/python3.12/bin/python3 sh install.sh）
set -eu
here=$(cd "$(dirname "$0")" && pwd)

usable() {  # @PYTHONS@：wheels 中只有这些版本的程序包
    "$1" -c 'import sys; sys.exit(sys.version_info[:2] not in (@PYTHON_TUPLES@))' \
        >/dev/null 2>&1
}

python=""
for candidate in "${PYTHON:-}" @PYTHON_COMMANDS@ python3; do
    if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 && usable "$candidate"; then
        python=$candidate
        break
    fi
done
if [ -z "$python" ]; then
    echo "没有找到 Python @PYTHONS@。请让信息中心安装其中一个，" >&2
    echo "或用 PYTHON=路径 sh install.sh 指定它。" >&2
    exit 1
fi

echo "使用 $python 建立 xlgen 的运行环境：$here/venv"
if ! "$python" -m venv --clear "$here/venv"; then
    echo "无法建立运行环境。Debian/统信/麒麟上请先安装 python3-venv（或 python3.X-venv）。" >&2
    exit 1
fi
if ! "$here/venv/bin/python" -m pip install --isolated --no-index --find-links "$here/wheels" \
        --disable-pip-version-check --quiet --upgrade xlgen \
        || ! "$here/venv/bin/python" -m xlgen --help >/dev/null; then
    echo "安装没有完成。请把上面的信息发给维护人员。" >&2
    exit 1
fi
echo "安装完成。生成文书：sh \"$here/生成文书.sh\" 输入文件夹"
echo "命令行：$here/venv/bin/xlgen --help"
