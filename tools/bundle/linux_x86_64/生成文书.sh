#!/bin/sh
# 生成文书：sh 生成文书.sh 输入文件夹 [xlgen build 的其他选项]
# 文书生成在输入文件夹中的 outputs 文件夹里（给的是一个工作簿时，在它旁边的 outputs 中）。
set -u
here=$(cd "$(dirname "$0")" && pwd)
python="$here/venv/bin/python"
if [ ! -d "$here/venv" ]; then
    echo "还没有安装：请先运行 sh \"$here/install.sh\"。" >&2
    exit 2
fi
# 运行环境还能用吗（装它的 Python 被升级或卸载后，venv 中的 python 不能运行或找不到 xlgen）：
# 不查时 Python 的退出码 1 会被说成“工作簿有错误”。只认 Python 自己给的退出码 42。
code=0
"$python" -c 'import sys, xlgen; sys.exit(42)' >/dev/null 2>&1 || code=$?
if [ "$code" -ne 42 ]; then
    echo "xlgen 的运行环境不能使用了（可能是装它的 Python 被升级或卸载了）。" >&2
    echo "请重新运行 sh \"$here/install.sh\"，然后再运行一次。" >&2
    exit 2
fi
if [ $# -eq 0 ]; then
    echo "用法：sh 生成文书.sh 输入文件夹" >&2
    exit 2
fi
if [ -d "$1" ]; then
    out="$1/outputs"
else
    out="$(dirname "$1")/outputs"
fi
"$python" -m xlgen build "$@" --out "$out"
code=$?
case $code in
    0) echo "完成。文书在：$out" ;;
    1) echo "有的工作簿有错误，没有生成它的文书：请按上面“错误”一行写的工作表、单元格和说明改正，保存后再运行一次。已生成的文书在：$out" ;;
    2) echo "没有生成任何文书：给出的不是放输入工作簿的文件夹或工作簿，或者找不到它。请按上面“错误：”后面的说明改正，再运行一次。" ;;
    130) echo "已中止（按了 Ctrl+C）。已经生成的文书完整保留，没有写了一半的文件；再运行一次，会接着生成还没有生成的。已生成的文书在：$out" ;;
    3) echo "模板有错误，有的文书没有生成：这不是工作簿的问题，请把上面的内容发给管模板的同事（模板维护人员）。已生成的文书在：$out" ;;
    *) echo "程序意外中止，这不是工作簿的问题：请把上面的内容发给维护人员（供维护人员查看：退出码 $code）。" ;;
esac
exit $code
