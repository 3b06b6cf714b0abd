#!/bin/sh
# 生成文书：sh 生成文书.sh 输入文件夹 [xlgen build 的其他选项]
# 文书生成在输入文件夹中的 outputs 文件夹里（给的是一个工作簿时，在它旁边的 outputs 中）。
set -u
here=$(cd "$(dirname "$0")" && pwd)
python="$here/venv/bin/python"
if [ ! -x "$python" ]; then
    echo "还没有安装：请先运行 sh \"$here/install.sh\"。" >&2
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
    1) echo "有的工作簿没有生成文书，原因见上面的说明（退出码 1）。已生成的文书在：$out" ;;
    2) echo "没有生成任何文书：请按上面的说明检查给出的文件夹或文件（退出码 2）。" ;;
    3) echo "模板有错误（请模板维护人员处理），有的文书没有生成（退出码 3）。已生成的文书在：$out" ;;
    *) echo "程序异常退出（退出码 $code），请把上面的内容发给维护人员。" ;;
esac
exit $code
